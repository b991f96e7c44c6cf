namespace FeatureAdmin.Security;

/// <summary>
/// One sign-in's standing with the <see cref="SignInThrottle"/>: refused without a look at the password, or counted
/// as a failure until <see cref="Succeeded"/> gives the place back.
/// </summary>
public readonly struct SignInAttempt
{
    private readonly FailureWindow? window;

    private SignInAttempt(FailureWindow? window, TimeSpan retryAfter)
    {
        this.window = window;
        RetryAfter = retryAfter;
    }

    public bool IsRefused => window is null;

    /// <summary>How long until a refused address may try again.</summary>
    public TimeSpan RetryAfter { get; }

    internal static SignInAttempt Counted(FailureWindow window) => new(window, TimeSpan.Zero);

    internal static SignInAttempt Refused(TimeSpan retryAfter) => new(null, retryAfter);

    public void Succeeded() => window?.GiveBack();
}
