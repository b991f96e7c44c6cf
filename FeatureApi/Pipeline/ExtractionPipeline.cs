using System.Buffers;
using System.Diagnostics;
using FeatureApi.Diagnostics;
using FeatureApi.Features;
using FeatureApi.Store;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureApi.Pipeline;

/// <summary>
/// Looks up the stored features and live tiles of every user in a request in one pipelined store exchange, bounded
/// by the deadline, then computes the requested features. While one request waits on the store the thread serves
/// others: I/O and compute overlap across requests without a thread ever blocking.
/// </summary>
public sealed class ExtractionPipeline
{
    private readonly RedisFeatureStore store;
    private readonly StoredFeatureCache cache;
    private readonly StoreAvailability availability;
    private readonly FeatureMetrics metrics;
    private readonly TimeProvider time;
    private readonly TimeSpan deadline;
    private readonly TimeSpan batchDeadline;
    private readonly long[] maxAgeMs;

    public ExtractionPipeline(RedisFeatureStore store, StoredFeatureCache cache, StoreAvailability availability,
        FeatureMetrics metrics, FeatureRegistry registry, IOptions<FeatureServingOptions> options, TimeProvider time)
    {
        this.store = store;
        this.cache = cache;
        this.availability = availability;
        this.metrics = metrics;
        this.time = time;
        deadline = options.Value.Deadline;
        batchDeadline = options.Value.BatchDeadline;
        maxAgeMs = [.. registry.Stored.Select(f =>
            options.Value.MaxAge.TryGetValue(f.Name, out var maxAge) ? (long)maxAge.TotalMilliseconds : 0L)];
    }

    public async Task<FeatureVectors> ExtractAsync(ReadOnlyMemory<ExtractionInput> inputs, FeatureSet features, bool batch)
    {
        var started = time.GetTimestamp();
        using var activity = FeatureDiagnostics.Source.StartActivity("features.extract");
        var count = inputs.Length;
        var now = time.GetUtcNow();
        var layout = new LookupLayout(features);
        var replyCount = count * layout.PerUser;
        var replies = ArrayPool<RedisValue[]?>.Shared.Rent(Math.Max(replyCount, 1));
        try
        {
            if (layout.PerUser > 0)
            {
                await LookupAsync(inputs, layout, replies, now, started, batch ? batchDeadline : deadline);
            }

            var vectors = new FeatureVectors(features, count);
            Span<int> statusCounts = stackalloc int[4];
            using (FeatureDiagnostics.Source.StartActivity("features.compute"))
            {
                Compute(inputs.Span, layout, replies, vectors, now, statusCounts);
            }

            var degraded = statusCounts[(int)FeatureStatus.Unavailable] > 0;
            vectors.Elapsed = time.GetElapsedTime(started);
            metrics.RecordExtraction(batch, degraded, count, vectors.Elapsed, statusCounts);
            if (activity is not null)
            {
                activity.SetTag("features.users", count);
                activity.SetTag("features.count", features.Requested.Count);
                activity.SetTag("features.degraded", degraded);
            }
            return vectors;
        }
        finally
        {
            Array.Clear(replies, 0, replyCount);
            ArrayPool<RedisValue[]?>.Shared.Return(replies);
        }
    }

    /// <summary>
    /// Per user, the store replies an extract needs: the stored-feature hash (if any stored feature is needed) then
    /// one MGET of every live tile (if any live feature is). Reply <c>r</c> of user <c>i</c> is at <c>i * PerUser + r</c>.
    /// </summary>
    private readonly struct LookupLayout(FeatureSet features)
    {
        public readonly FeatureSet Features = features;
        public readonly int StoredOffset = features.NeedsStoredFeatures ? 0 : -1;
        public readonly int LiveOffset = features.NeedsStoredFeatures ? 1 : 0;
        public int PerUser => LiveOffset + (Features.LiveSeries.Length > 0 ? 1 : 0);
    }

    /// <summary>
    /// Fills <paramref name="replies"/> from the cache and one pipelined exchange: an HMGET per user and an MGET
    /// per user and live series. Entries left null are lookups that failed or missed the deadline.
    /// </summary>
    private async Task LookupAsync(ReadOnlyMemory<ExtractionInput> inputs, LookupLayout layout, RedisValue[]?[] replies,
        DateTimeOffset now, long started, TimeSpan budget)
    {
        using var activity = FeatureDiagnostics.Source.StartActivity("features.store.lookup");
        var lookupStarted = time.GetTimestamp();
        var count = inputs.Length;
        var total = count * layout.PerUser;
        var pending = ArrayPool<Task<RedisValue[]>?>.Shared.Rent(total);
        var hits = 0;
        var cacheable = 0;
        Task<RedisValue[]>? last = null;
        Exception? failure = null;
        StoreCommandSpans? spans = null;
        try
        {
            // Every command is sent before any reply is awaited: one pipelined exchange, as one batch. A traced
            // lookup records its commands' spans itself (see StoreCommandSpans for why not the Redis instrumentation).
            var batch = store.Database.CreateBatch();
            spans = StoreCommandSpans.For(activity);
            var span = inputs.Span;
            var readAt = cache.Version;
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var userId = span[i].UserId;
                    var at = i * layout.PerUser;
                    if (layout.StoredOffset >= 0)
                    {
                        cacheable++;
                        if (cache.TryGet(userId, out var cached))
                        {
                            replies[at] = cached;
                            hits++;
                        }
                        else
                        {
                            pending[at] = last = store.QueueLookup(batch, userId);
                            spans?.Add("HMGET", last);
                        }
                    }
                    // Live tiles are never cached: the next extract after an event must see it.
                    if (layout.Features.LiveSeries.Length > 0)
                    {
                        pending[at + layout.LiveOffset] = last = store.QueueLiveLookup(batch, userId, layout.Features, now);
                        spans?.Add("MGET", last);
                    }
                }

                batch.Execute();

                // Replies arrive in order, so once the last one is in, so is every other (on a cluster, per node:
                // the store waits for each). With the store down the multiplexer fails commands at once (fail-fast
                // backlog), possibly while they are being sent.
                if (last is not null && store.AllReplies(last, pending, total) is { IsCompleted: false } replied)
                {
                    await replied.WaitAsync(Remaining(budget, time.GetElapsedTime(started)), time);
                }
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            if (last is null && failure is null)
            {
                return;
            }

            // Every reply slot must be filled, from the cache or the store; an empty one is a lookup that was never
            // sent, failed, or missed the deadline. A late exception with every reply in is no failure.
            var unanswered = 0;
            span = inputs.Span;
            for (var r = 0; r < total; r++)
            {
                if (pending[r] is { IsCompletedSuccessfully: true } task)
                {
                    replies[r] = task.Result;
                    if (r % layout.PerUser == layout.StoredOffset)
                    {
                        cache.Set(span[r / layout.PerUser].UserId, task.Result, readAt);
                    }
                }
                else if (replies[r] is null)
                {
                    unanswered++;
                    if (pending[r] is { } failed)
                    {
                        failure ??= failed.IsFaulted ? failed.Exception.GetBaseException() : null;
                        ObserveLateFailure(failed);
                    }
                }
            }

            if (unanswered == 0)
            {
                availability.ReportSuccess();
            }
            else
            {
                availability.ReportFailure(failure, failure is TimeoutException
                    ? $"no answer within the {budget.TotalMilliseconds} ms deadline"
                    : failure?.Message ?? "lookup failed");
                activity?.SetStatus(ActivityStatusCode.Error, failure?.Message);
            }
        }
        finally
        {
            spans?.Stop();
            metrics.RecordLookup(time.GetElapsedTime(lookupStarted), hits, cacheable - hits, cache.Enabled);
            Array.Clear(pending, 0, total);
            ArrayPool<Task<RedisValue[]>?>.Shared.Return(pending);
        }
    }

    /// <summary>
    /// What is left of the deadline, never negative: a request that has already used it up waits for nothing
    /// (<see cref="TimeSpan.Zero"/> times out at once), where a negative span would throw or, at exactly -1 ms,
    /// mean "wait forever".
    /// </summary>
    internal static TimeSpan Remaining(TimeSpan deadline, TimeSpan elapsed) =>
        deadline > elapsed ? deadline - elapsed : TimeSpan.Zero;

    /// <summary>A lookup abandoned at the deadline may still fail later; observe it so it is not reported as unobserved.</summary>
    private static void ObserveLateFailure(Task task)
    {
        if (!task.IsCompleted)
        {
            task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Compute(ReadOnlySpan<ExtractionInput> inputs, LookupLayout layout, RedisValue[]?[] replies,
        FeatureVectors vectors, DateTimeOffset now, Span<int> statusCounts)
    {
        var features = layout.Features;
        var registry = features.Registry;
        var stored = registry.Stored;
        var nowMs = now.ToUnixTimeMilliseconds();

        Span<double> row = stackalloc double[registry.All.Count];
        Span<FeatureStatus> status = stackalloc FeatureStatus[registry.All.Count];
        Span<long> writtenAtMs = stackalloc long[stored.Count];

        for (var i = 0; i < inputs.Length; i++)
        {
            var at = i * layout.PerUser;
            if (layout.StoredOffset >= 0)
            {
                if (replies[at + layout.StoredOffset] is { } reply)
                {
                    store.ReadLookup(reply, row, writtenAtMs);
                    for (var s = 0; s < stored.Count; s++)
                    {
                        status[stored[s].Slot] = writtenAtMs[s] < 0 ? FeatureStatus.Default
                            : maxAgeMs[s] > 0 && nowMs - writtenAtMs[s] > maxAgeMs[s] ? FeatureStatus.Stale
                            : FeatureStatus.Present;
                    }
                }
                else
                {
                    foreach (var feature in stored)
                    {
                        row[feature.Slot] = feature.Default;
                        status[feature.Slot] = FeatureStatus.Unavailable;
                    }
                }
            }

            foreach (var feature in features.Live)
            {
                (row[feature.Slot], status[feature.Slot]) = LiveTiles.Merge(feature, replies[at + layout.LiveOffset], features.SeriesOffset);
            }

            if (registry.CurrentValue is { } currentValue)
            {
                row[currentValue.Slot] = inputs[i].CurrentValue;
                status[currentValue.Slot] = FeatureStatus.Present;
            }

            foreach (var feature in features.Derived)
            {
                var value = feature.Formula!(new FeatureRow(row));
                var worst = FeatureStatus.Present;
                foreach (var input in feature.Inputs)
                {
                    worst = FeatureStatusNames.Worst(worst, status[input.Slot]);
                }
                // JSON has no Infinity or NaN: a formula that leaves the finite numbers serves its default instead.
                if (!double.IsFinite(value))
                {
                    value = feature.Default;
                    worst = FeatureStatusNames.Worst(worst, FeatureStatus.Default);
                }
                row[feature.Slot] = value;
                status[feature.Slot] = worst;
            }

            vectors.Set(i, inputs[i].UserId, row, status, statusCounts);
        }
    }
}
