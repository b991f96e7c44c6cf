namespace FeatureAdmin.Security;

/// <summary>
/// One client address's wrong passwords (or, while the throttle's table is full, all new addresses' together) until
/// <see cref="EndsAt"/>, at most a fixed number.
/// </summary>
internal sealed class FailureWindow(DateTimeOffset endsAt, int maxFailures)
{
    private readonly Lock gate = new();
    private int failures;

    public DateTimeOffset EndsAt { get; } = endsAt;

    /// <summary>Takes a place in the count, or answers false when the address has used them all.</summary>
    public bool TryCount()
    {
        lock (gate)
        {
            if (failures >= maxFailures)
            {
                return false;
            }
            failures++;
            return true;
        }
    }

    public void GiveBack()
    {
        lock (gate)
        {
            failures--;
        }
    }
}
