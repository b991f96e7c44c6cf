using System.Buffers;
using FeatureApi.Features;

namespace FeatureApi.Pipeline;

/// <summary>
/// The answer to one extract call: for each request, the requested features' values and statuses. Backed by pooled
/// arrays, returned when the response has been written.
/// </summary>
public sealed class FeatureVectors : IDisposable
{
    private readonly long[] userIds;
    private readonly double[] values;
    private readonly FeatureStatus[] statuses;
    private readonly bool[] degraded;
    private bool disposed;

    internal FeatureVectors(FeatureSet features, int count)
    {
        Features = features;
        Count = count;
        var cells = count * features.Requested.Count;
        userIds = ArrayPool<long>.Shared.Rent(count);
        degraded = ArrayPool<bool>.Shared.Rent(count);
        values = ArrayPool<double>.Shared.Rent(cells);
        statuses = ArrayPool<FeatureStatus>.Shared.Rent(cells);
    }

    public FeatureSet Features { get; }

    public int Count { get; }

    /// <summary>Time spent in the pipeline (lookup and compute), reported to clients as Server-Timing.</summary>
    public TimeSpan Elapsed { get; internal set; }

    public long UserId(int request) => userIds[request];

    public double Value(int request, int feature) => values[request * Features.Requested.Count + feature];

    public FeatureStatus Status(int request, int feature) => statuses[request * Features.Requested.Count + feature];

    /// <summary>True when any of the request's features is unavailable.</summary>
    public bool IsDegraded(int request) => degraded[request];

    internal void Set(int request, long userId, ReadOnlySpan<double> row, ReadOnlySpan<FeatureStatus> rowStatus, Span<int> statusCounts)
    {
        userIds[request] = userId;
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
        ArrayPool<long>.Shared.Return(userIds);
        ArrayPool<bool>.Shared.Return(degraded);
        ArrayPool<double>.Shared.Return(values);
        ArrayPool<FeatureStatus>.Shared.Return(statuses);
    }
}
