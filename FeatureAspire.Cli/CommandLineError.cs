namespace FeatureAspire.Cli;

/// <summary>A failure the person at the command line can fix (a missing file, a bad address): its message is printed as it is.</summary>
/// <param name="message">What went wrong and what to do about it.</param>
/// <param name="exitCode">What the process exits with (see <see cref="ExitCodes"/>).</param>
internal sealed class CommandLineError(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
