using System.Buffers;
using FeatureApi.Features;

namespace FeatureApi.Pipeline;

/// <summary>
/// The answer to one extract call: for each row, the requested features' values and statuses, and the row itself (its
/// entities and shape). Backed by pooled arrays, returned when the response has been written.
/// </summary>
public sealed class FeatureVectors : IDisposable
{
    private readonly double[] values;
    private readonly FeatureStatus[] statuses;
    private readonly bool[] degraded;
    private bool disposed;

    internal FeatureVectors(FeatureSet features, ExtractionRows rows)
    {
        Features = features;
        Rows = rows;
        Count = rows.Count;
        var count = rows.Count;
        var cells = count * features.Requested.Count;
        degraded = ArrayPool<bool>.Shared.Rent(count);
        values = ArrayPool<double>.Shared.Rent(cells);
        statuses = ArrayPool<FeatureStatus>.Shared.Rent(cells);
    }

    public FeatureSet Features { get; }

    /// <summary>The rows answered: their entity keys and shapes.</summary>
    public ExtractionRows Rows { get; }

    public int Count { get; }

    /// <summary>Time spent in the pipeline (lookup and compute), reported to clients as Server-Timing.</summary>
    public TimeSpan Elapsed { get; internal set; }

    public double Value(int request, int feature) => values[request * Features.Requested.Count + feature];

    public FeatureStatus Status(int request, int feature) => statuses[request * Features.Requested.Count + feature];

    /// <summary>True when any of the request's features is unavailable.</summary>
    public bool IsDegraded(int request) => degraded[request];

    internal void Set(int request, ReadOnlySpan<double> row, ReadOnlySpan<FeatureStatus> rowStatus, Span<int> statusCounts)
    {
        var requested = Features.Requested;
        var offset = request * requested.Count;
        var anyUnavailable = false;
        for (var f = 0; f < requested.Count; f++)
        {
            var slot = requested[f].Slot;
            values[offset + f] = row[slot];
            statuses[offset + f] = rowStatus[slot];
            statusCounts[(int)rowStatus[slot]]++;
            anyUnavailable |= rowStatus[slot] == FeatureStatus.Unavailable;
        }
        degraded[request] = anyUnavailable;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        Rows.Dispose();
        ArrayPool<bool>.Shared.Return(degraded);
        ArrayPool<double>.Shared.Return(values);
        ArrayPool<FeatureStatus>.Shared.Return(statuses);
    }
}
