namespace FeatureAspire.Cli;

/// <summary>What the process exits with, in the way of <c>terraform plan -detailed-exitcode</c>.</summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>plan</c>, no changes; for <c>status</c>, the process serves the store's version.</summary>
    public const int Success = 0;

    /// <summary>Something failed or was refused (also a declined confirmation and a command line that does not parse).</summary>
    public const int Failure = 1;

    /// <summary><c>plan</c>: the document differs from the current version; <c>status</c>: the process does not serve the store's version.</summary>
    public const int Changes = 2;
}
