namespace FeatureAspire.Cli;

/// <summary>
/// What the process exits with. 0 and 2 follow <c>terraform plan -detailed-exitcode</c>; each failure a script may
/// want to react to differently (fix the document, fetch another key, retry later, plan again, add --force) has a
/// code of its own, so CI can tell them apart without reading the message.
/// </summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>plan</c>, no changes; for <c>status</c>, the process serves the store's version.</summary>
    public const int Success = 0;

    /// <summary>Anything else that failed or was refused: a declined confirmation, a missing file, a command line that does not parse.</summary>
    public const int Failure = 1;

    /// <summary><c>plan</c>: the document differs from the current version; <c>status</c>: the process does not serve the store's version.</summary>
    public const int Changes = 2;

    /// <summary>FeatureApi found the document invalid (400): each field or the line and column is printed.</summary>
    public const int InvalidDocument = 3;

    /// <summary>FeatureApi refused the key: none was given, it is unknown (401), or it lacks the scope (403).</summary>
    public const int KeyRefused = 4;

    /// <summary>FeatureApi did not answer at the address: nothing listens there, the name does not resolve, or it timed out.</summary>
    public const int Unreachable = 5;

    /// <summary>Another version was applied first (409, or <c>--expect-version</c> no longer current): plan again.</summary>
    public const int Conflict = 6;

    /// <summary>The plan breaks something and <c>--force</c> was not given (FeatureApi's 422 with the plan's lines).</summary>
    public const int NeedsForce = 7;
}
