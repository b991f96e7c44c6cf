using System.Diagnostics.Metrics;
using FeatureApi.Diagnostics;
using FeatureApi.Features;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// The near cache (the original design's actor cache): stored-feature replies kept in process for at most
/// <see cref="FeatureServingOptions.CacheTtl"/>, within <see cref="FeatureServingOptions.CacheMaxBytes"/>. On by
/// default. Writes through any instance invalidate it on every instance before they answer (see
/// <see cref="CacheInvalidation"/>); the TTL bounds how long a write that bypasses the API can go unseen. An invalidated
/// instance remembers when, outside the bounded cache, so a read sent before the write cannot put the old value back
/// when it completes, however full the cache is.
/// A reply is laid out by its registry version's fields, so an entry serves only requests of the version that read it,
/// and a new version empties the cache. While the invalidation channel is not heard the cache is suspended: it serves
/// nothing (reads go to the store) rather than risk a value older than an acknowledged write.
/// </summary>
public sealed class StoredFeatureCache : IDisposable
{
    /// <summary>What an entry costs beyond its values: the cache's own entry, its key and the reply's array header.</summary>
    private const long EntryOverheadBytes = 256;

    /// <summary>One value in a reply: the RedisValue itself and its byte array's header.</summary>
    private const long ValueOverheadBytes = 48;

    /// <summary>
    /// How many keys' invalidation times are told apart. Keys that share a slot share the latest time, which only
    /// ever refuses a fill (it never lets one through), so a collision costs one store read, not a stale answer.
    /// </summary>
    private const int InvalidationSlots = 1 << 16;

    private readonly MemoryCacheOptions? cacheOptions;
    private readonly MemoryCacheEntryOptions entryOptions = new();
    private readonly TimeSpan ttl;
    // When each slot's keys were last invalidated (a Version). Not entries of the cache: a full cache refuses new
    // entries, and a refused marker let a read in flight put the old value back (43 stale reads in the Zipf soak).
    private readonly long[] invalidatedAt = [];
    // Striped locks: the check of a slot's time and the Set that follows it are one step against a concurrent invalidation.
    private readonly object[] stripes = [.. Enumerable.Range(0, 64).Select(_ => new object())];
    private readonly Counter<long>? evictions;
    private MemoryCache? cache;
    private long clock;
    private long clearedAt;
    private volatile string? suspendedBecause;

    public StoredFeatureCache(IOptions<FeatureServingOptions> options, TimeProvider time, IMeterFactory meterFactory)
    {
        ttl = options.Value.CacheTtl;
        if (ttl <= TimeSpan.Zero)
        {
            // Off: MemoryCache refuses a zero expiry, and nothing is ever stored.
            return;
        }
        entryOptions.AbsoluteExpirationRelativeToNow = ttl;
        invalidatedAt = new long[InvalidationSlots];
        cacheOptions = new MemoryCacheOptions
        {
            SizeLimit = options.Value.CacheMaxBytes,
            Clock = new TimeProviderClock(time),
            TrackStatistics = true,
        };
        cache = new MemoryCache(cacheOptions);
        // Until the invalidation channel is heard, an entry could miss another instance's write.
        suspendedBecause = "the invalidation channel has not been heard yet";

        var meter = meterFactory.Create(FeatureTelemetry.MeterName);
        evictions = meter.CreateCounter<long>("features.cache.evictions", "{entry}",
            "Near-cache entries dropped before their TTL to stay within FeatureServing:CacheMaxBytes.");
        entryOptions.RegisterPostEvictionCallback(static (_, _, reason, state) =>
        {
            if (reason == EvictionReason.Capacity)
            {
                ((Counter<long>)state!).Add(1);
            }
        }, evictions);
        meter.CreateObservableGauge("features.cache.size", () => Statistics?.CurrentEstimatedSize ?? 0, "By",
            "Estimated bytes the near cache holds (bounded by FeatureServing:CacheMaxBytes).");
        meter.CreateObservableGauge("features.cache.entries", () => Statistics?.CurrentEntryCount ?? 0, "{entry}",
            "Entries the near cache holds.");
        meter.CreateObservableGauge("features.cache.serving", () => Serving ? 1 : 0, "1",
            "1 while the near cache serves, 0 while it is suspended (its invalidation channel is not heard).");
    }

    /// <summary>Whether the cache is configured on (a TTL above zero).</summary>
    public bool Enabled => cacheOptions is not null;

    /// <summary>Whether reads may be answered from the cache now: on, and its invalidation channel heard.</summary>
    public bool Serving => cacheOptions is not null && suspendedBecause is null;

    /// <summary>Why the cache does not serve while it is on, or null.</summary>
    public string? SuspendedBecause => cacheOptions is null ? null : suspendedBecause;

    /// <summary>How long an entry lives: the longest a write that bypasses the API can go unseen.</summary>
    public TimeSpan Ttl => ttl;

    /// <summary>Entries and bytes now, for health and metrics.</summary>
    public MemoryCacheStatistics? Statistics => cache?.GetCurrentStatistics();

    /// <summary>A point in the cache's history; take it before sending a read and pass it to <see cref="Set"/>.</summary>
    public long Version => Volatile.Read(ref clock);

    /// <summary>A reply cached for <paramref name="registryVersion"/>; never one laid out by another version's fields.</summary>
    public bool TryGet(EntityDefinition entity, EntityKey key, long registryVersion, out RedisValue[] reply)
    {
        if (suspendedBecause is null && cache is { } current && current.TryGetValue(new CacheKey(entity.Name, key), out var cached)
            && cached is CachedReply entry && entry.RegistryVersion == registryVersion)
        {
            reply = entry.Reply;
            return true;
        }
        reply = [];
        return false;
    }

    /// <summary>Caches a reply read at <paramref name="readAt"/> (a <see cref="Version"/>), unless the instance was invalidated since.</summary>
    public void Set(EntityDefinition entity, EntityKey key, long registryVersion, RedisValue[] reply, long readAt)
    {
        if (suspendedBecause is not null || cache is not { } current)
        {
            return;
        }
        var cacheKey = new CacheKey(entity.Name, key);
        var slot = SlotOf(cacheKey);
        lock (stripes[slot % stripes.Length])
        {
            if (invalidatedAt[slot] > readAt)
            {
                return;
            }
            // A read from before the last clear may belong to another registry version or a suspension.
            if (readAt < Volatile.Read(ref clearedAt))
            {
                return;
            }
            using var entry = current.CreateEntry(cacheKey);
            entry.SetOptions(entryOptions);
            entry.Size = SizeOf(key, reply);
            entry.Value = new CachedReply(registryVersion, reply);
        }
    }

    /// <summary>Forgets the instance's entry and remembers when, so older reads still in flight are not cached.</summary>
    public void Invalidate(string entity, EntityKey key)
    {
        if (cache is not { } current)
        {
            return;
        }
        var cacheKey = new CacheKey(entity, key);
        var slot = SlotOf(cacheKey);
        lock (stripes[slot % stripes.Length])
        {
            invalidatedAt[slot] = Interlocked.Increment(ref clock);
            current.Remove(cacheKey);
        }
    }

    /// <summary>Forgets everything: a new registry version reads other fields, and replies are read by position.</summary>
    public void Clear()
    {
        if (cacheOptions is null)
        {
            return;
        }
        Volatile.Write(ref clearedAt, Interlocked.Increment(ref clock));
        Interlocked.Exchange(ref cache, new MemoryCache(cacheOptions))?.Dispose();
    }

    /// <summary>
    /// Stops serving from the cache: invalidations may be missed, so nothing it holds can be trusted. True when it was
    /// serving until now.
    /// </summary>
    public bool Suspend(string because)
    {
        if (cacheOptions is null)
        {
            return false;
        }
        var wasServing = suspendedBecause is null;
        suspendedBecause = because;
        Clear();
        return wasServing;
    }

    /// <summary>Serves again, from empty: whatever was written while invalidations could be missed is read anew. True when it was suspended.</summary>
    public bool Resume()
    {
        if (cacheOptions is null || suspendedBecause is null)
        {
            return false;
        }
        Clear();
        suspendedBecause = null;
        return true;
    }

    public void Dispose() => cache?.Dispose();

    /// <summary>Roughly what the entry costs in memory: overheads plus the reply's bytes and a string key's characters.</summary>
    private static long SizeOf(EntityKey key, RedisValue[] reply)
    {
        var bytes = EntryOverheadBytes + (key.Text?.Length ?? 0) * sizeof(char) + reply.Length * ValueOverheadBytes;
        foreach (var value in reply)
        {
            bytes += value.IsNull ? 0 : value.Length();
        }
        return bytes;
    }

    private static int SlotOf(CacheKey key) => key.GetHashCode() & (InvalidationSlots - 1);

    private readonly record struct CacheKey(string Entity, EntityKey Key);

    private sealed record CachedReply(long RegistryVersion, RedisValue[] Reply);

#pragma warning disable CS0618 // ISystemClock is the only clock MemoryCache takes.
    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
#pragma warning restore CS0618
}
