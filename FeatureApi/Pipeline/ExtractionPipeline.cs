using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using FeatureApi.Diagnostics;
using FeatureApi.Features;
using FeatureApi.Store;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureApi.Pipeline;

/// <summary>
/// Looks up the stored features and live tiles of every entity instance a request names in one pipelined store
/// exchange, bounded by the deadline, then computes the requested features. While one request waits on the store the
/// thread serves others: I/O and compute overlap across requests without a thread ever blocking. Everything about the
/// features comes from the request's one registry version (<see cref="FeatureSet.Registry"/>).
/// </summary>
public sealed class ExtractionPipeline(RedisFeatureStore store, StoredFeatureCache cache, StoreAvailability availability,
    FeatureMetrics metrics, IOptions<FeatureServingOptions> options, TimeProvider time)
{
    private readonly TimeSpan deadline = options.Value.Deadline;
    private readonly TimeSpan batchDeadline = options.Value.BatchDeadline;

    /// <summary>Extracts <paramref name="features"/> for every row; the answer owns the rows and returns them when it is disposed.</summary>
    public async Task<FeatureVectors> ExtractAsync(ExtractionRows rows, FeatureSet features, bool batch)
    {
        var started = time.GetTimestamp();
        using var activity = FeatureDiagnostics.Source.StartActivity("features.extract");
        var count = rows.Count;
        var now = time.GetUtcNow();
        var replyCount = count * features.PerRow;
        var replies = ArrayPool<RedisValue[]?>.Shared.Rent(Math.Max(replyCount, 1));
        try
        {
            if (features.PerRow > 0)
            {
                await LookupAsync(rows, features, replies, now, started, batch ? batchDeadline : deadline);
            }

            var vectors = new FeatureVectors(features, rows);
            Span<int> statusCounts = stackalloc int[4];
            using (FeatureDiagnostics.Source.StartActivity("features.compute"))
            {
                Compute(rows, features, replies, vectors, now, statusCounts);
            }

            var degraded = statusCounts[(int)FeatureStatus.Unavailable] > 0;
            vectors.Elapsed = time.GetElapsedTime(started);
            metrics.RecordExtraction(batch, degraded, count, vectors.Elapsed, statusCounts);
            if (activity is not null)
            {
                activity.SetTag("features.rows", count);
                activity.SetTag("features.count", features.Requested.Count);
                activity.SetTag("features.degraded", degraded);
                activity.SetTag("features.registry_version", features.Registry.Version);
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
    /// Fills <paramref name="replies"/> from the cache and one pipelined exchange. Reply <c>j</c> of row <c>i</c> is at
    /// <c>i * PerRow + j</c>: first an HMGET per stored entity, then an MGET per live entity. An instance named by
    /// several rows (the user of every candidate, a candidate listed twice) is looked up once and its reply shared.
    /// Entries left null are lookups that failed or missed the deadline.
    /// </summary>
    private async Task LookupAsync(ExtractionRows rows, FeatureSet features, RedisValue[]?[] replies, DateTimeOffset now, long started, TimeSpan budget)
    {
        using var activity = FeatureDiagnostics.Source.StartActivity("features.store.lookup");
        var lookupStarted = time.GetTimestamp();
        var perRow = features.PerRow;
        var stored = features.StoredEntities;
        var live = features.LiveEntities;
        var total = rows.Count * perRow;
        var pending = ArrayPool<Task<RedisValue[]>?>.Shared.Rent(total);
        // first[r] is the reply slot that looks up slot r's instance: r itself, or an earlier slot of the same column and key.
        var first = ArrayPool<int>.Shared.Rent(total);
        var hits = 0;
        var lookups = 0;
        Task<RedisValue[]>? last = null;
        Exception? failure = null;
        StoreCommandSpans? spans = null;
        try
        {
            FindRepeats(rows, features, first, total);

            // Every command is sent before any reply is awaited: one pipelined exchange, as one batch. A traced
            // lookup records its commands' spans itself (see StoreCommandSpans for why not the Redis instrumentation).
            var batch = store.Database.CreateBatch();
            spans = StoreCommandSpans.For(activity);
            var readAt = cache.Version;
            var registryVersion = features.Registry.Version;
            var useCache = cache.Serving;
            try
            {
                for (var r = 0; r < total; r++)
                {
                    if (first[r] != r)
                    {
                        continue;
                    }
                    var (row, column) = Math.DivRem(r, perRow);
                    if (column < stored.Length)
                    {
                        var entity = stored[column];
                        var key = rows.Key(row, entity);
                        lookups++;
                        if (useCache && features.CachedStored[column] && cache.TryGet(entity, key, registryVersion, out var cached))
                        {
                            replies[r] = cached;
                            hits++;
                        }
                        else
                        {
                            pending[r] = last = store.QueueLookup(batch, entity, key);
                            spans?.Add("HMGET", last);
                        }
                    }
                    else
                    {
                        // Live tiles are never cached: the next extract after an event must see it.
                        var lookup = live[column - stored.Length];
                        pending[r] = last = store.QueueLiveLookup(batch, lookup, rows.Key(row, lookup.Entity), now);
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
                // Everything came from the cache; repeats share their first slot's reply.
                for (var r = 0; r < total; r++)
                {
                    replies[r] ??= replies[first[r]];
                }
                return;
            }

            // Every reply slot must be filled, from the cache, the store or its first slot; an empty one is a lookup
            // that was never sent, failed, or missed the deadline. A late exception with every reply in is no failure.
            var unanswered = 0;
            for (var r = 0; r < total; r++)
            {
                if (first[r] != r)
                {
                    replies[r] = replies[first[r]];
                }
                else if (pending[r] is { IsCompletedSuccessfully: true } task)
                {
                    replies[r] = task.Result;
                    // A reply read for a set that bypasses the cache is as fresh as any: sets that may use it will.
                    if (useCache && r % perRow is var column && column < stored.Length && stored[column].Cached)
                    {
                        cache.Set(stored[column], rows.Key(r / perRow, stored[column]), registryVersion, task.Result, readAt);
                    }
                }
                else if (replies[r] is null && pending[r] is { } failed)
                {
                    failure ??= failed.IsFaulted ? failed.Exception.GetBaseException() : null;
                    ObserveLateFailure(failed);
                }
                if (replies[r] is null)
                {
                    unanswered++;
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
            metrics.RecordLookup(time.GetElapsedTime(lookupStarted), hits, lookups - hits, cache.Serving);
            Array.Clear(pending, 0, total);
            ArrayPool<Task<RedisValue[]>?>.Shared.Return(pending);
            ArrayPool<int>.Shared.Return(first);
        }
    }

    [ThreadStatic] private static Dictionary<(int Column, EntityKey Key), int>? threadFirstSlots;

    /// <summary>
    /// Marks, for every reply slot, the first slot of the same column with the same key. One row needs no search; more
    /// use a per-thread dictionary, filled and cleared before the exchange starts (so no await holds it).
    /// </summary>
    private static void FindRepeats(ExtractionRows rows, FeatureSet features, int[] first, int total)
    {
        var perRow = features.PerRow;
        if (rows.Count == 1)
        {
            for (var r = 0; r < total; r++)
            {
                first[r] = r;
            }
            return;
        }
        var stored = features.StoredEntities;
        var live = features.LiveEntities;
        var firstSlots = threadFirstSlots ??= [];
        try
        {
            for (var r = 0; r < total; r++)
            {
                var (row, column) = Math.DivRem(r, perRow);
                var entity = column < stored.Length ? stored[column] : live[column - stored.Length].Entity;
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(firstSlots, (column, rows.Key(row, entity)), out var exists);
                if (!exists)
                {
                    slot = r;
                }
                first[r] = slot;
            }
        }
        finally
        {
            firstSlots.Clear();
            // A thread keeps a small dictionary; one grown by a large batch is let go.
            if (firstSlots.EnsureCapacity(0) > MaxRetainedRepeatSlots)
            {
                threadFirstSlots = null;
            }
        }
    }

    private const int MaxRetainedRepeatSlots = 4096;

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

    private static void Compute(ExtractionRows rows, FeatureSet features, RedisValue[]?[] replies, FeatureVectors vectors, DateTimeOffset now,
        Span<int> statusCounts)
    {
        var registry = features.Registry;
        var stored = features.StoredEntities;
        var live = features.LiveEntities;
        var perRow = features.PerRow;
        var nowMs = now.ToUnixTimeMilliseconds();

        // Expressions read their inputs from an array by slot; one, pooled, serves every row of the call.
        var row = ArrayPool<double>.Shared.Rent(registry.All.Count);
        Span<FeatureStatus> status = stackalloc FeatureStatus[registry.All.Count];
        Span<long> writtenAtMs = stackalloc long[stored.Length == 0 ? 0 : stored.Max(e => e.Stored.Count)];
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var at = i * perRow;
                for (var j = 0; j < stored.Length; j++)
                {
                    var entity = stored[j];
                    if (replies[at + j] is { } reply)
                    {
                        RedisFeatureStore.ReadLookup(entity, reply, row, writtenAtMs);
                        for (var s = 0; s < entity.Stored.Count; s++)
                        {
                            var feature = entity.Stored[s];
                            status[feature.Slot] = writtenAtMs[s] < 0 ? FeatureStatus.Default
                                : feature.MaxAge is { } maxAge && nowMs - writtenAtMs[s] > (long)maxAge.TotalMilliseconds ? FeatureStatus.Stale
                                : FeatureStatus.Present;
                        }
                    }
                    else
                    {
                        foreach (var feature in entity.Stored)
                        {
                            row[feature.Slot] = feature.Default;
                            status[feature.Slot] = FeatureStatus.Unavailable;
                        }
                    }
                }

                for (var j = 0; j < live.Length; j++)
                {
                    var tiles = replies[at + stored.Length + j];
                    foreach (var feature in live[j].Features)
                    {
                        (row[feature.Slot], status[feature.Slot]) = LiveTiles.Merge(feature, tiles, live[j].SeriesOffset);
                    }
                }

                foreach (var feature in features.Request)
                {
                    row[feature.Slot] = rows.Request(i, feature);
                    status[feature.Slot] = FeatureStatus.Present;
                }

                foreach (var feature in features.Derived)
                {
                    var value = feature.Formula!(row);
                    var worst = FeatureStatus.Present;
                    foreach (var input in feature.Inputs)
                    {
                        worst = FeatureStatusNames.Worst(worst, status[input.Slot]);
                    }
                    // JSON has no Infinity or NaN: an expression that leaves the finite numbers serves its default instead.
                    if (!double.IsFinite(value))
                    {
                        value = feature.Default;
                        worst = FeatureStatusNames.Worst(worst, FeatureStatus.Default);
                    }
                    row[feature.Slot] = value;
                    status[feature.Slot] = worst;
                }

                vectors.Set(i, row, status, statusCounts);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(row);
        }
    }
}
