namespace FeatureAspire.Cli.Connection;

/// <summary>What every command is built with: where it writes and how it reaches FeatureApi.</summary>
internal sealed record CommandContext(Terminal Terminal, ConnectionOptions Connection);
