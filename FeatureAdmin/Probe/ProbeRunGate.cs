namespace FeatureAdmin.Probe;

/// <summary>One probe run per admin at a time, across every tab and circuit of this process.</summary>
public sealed class ProbeRunGate
{
    private readonly Lock gate = new();
    private readonly HashSet<string> running = new(StringComparer.Ordinal);

    /// <summary>A lease to dispose when the run ends, or null when <paramref name="admin"/> already has a run under way.</summary>
    public IDisposable? TryEnter(string admin)
    {
        lock (gate)
        {
            return running.Add(admin) ? new Lease(this, admin) : null;
        }
    }

    private void Leave(string admin)
    {
        lock (gate)
        {
            running.Remove(admin);
        }
    }

    private sealed class Lease(ProbeRunGate owner, string admin) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Leave(admin);
            }
        }
    }
}
