namespace FeatureAdmin.Probe;

/// <summary>The last runs of this admin process, newest first, shared by every open page so runs can be compared.</summary>
public sealed class ProbeHistory
{
    public const int Capacity = 10;

    private readonly Lock gate = new();
    private readonly LinkedList<ProbeResult> runs = new();

    /// <summary>Raised after a run is added or removed.</summary>
    public event Action? Changed;

    public IReadOnlyList<ProbeResult> Runs
    {
        get
        {
            lock (gate)
            {
                return [.. runs];
            }
        }
    }

    public ProbeResult? Find(Guid id) => Runs.FirstOrDefault(run => run.Id == id);

    public void Add(ProbeResult result)
    {
        lock (gate)
        {
            runs.AddFirst(result);
            while (runs.Count > Capacity)
            {
                runs.RemoveLast();
            }
        }
        Changed?.Invoke();
    }

    public void Remove(Guid id)
    {
        lock (gate)
        {
            var node = runs.First;
            while (node is not null && node.Value.Id != id)
            {
                node = node.Next;
            }
            if (node is null)
            {
                return;
            }
            runs.Remove(node);
        }
        Changed?.Invoke();
    }
}
