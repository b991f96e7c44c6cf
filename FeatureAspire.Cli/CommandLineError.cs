namespace FeatureAspire.Cli;

/// <summary>A failure the person at the command line can fix (a missing file, a bad address): its message is printed as it is.</summary>
internal sealed class CommandLineError(string message) : Exception(message);
