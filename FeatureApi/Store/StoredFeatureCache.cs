using FeatureApi.Features;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// The original design's actor cache: stored-feature replies kept in process for <see cref="FeatureServingOptions.CacheTtl"/>.
/// Off by default. Writes through any instance invalidate it (see <see cref="CacheInvalidation"/>). An invalidated
/// instance keeps a marker of when, so a read sent before the write cannot put the old value back when it completes.
/// A reply is laid out by its registry version's fields, so a new version empties the cache (<see cref="Clear"/>).
/// </summary>
public sealed class StoredFeatureCache : IDisposable
{
    private MemoryCache? cache;
    private readonly MemoryCacheOptions? cacheOptions;
    private readonly MemoryCacheEntryOptions entryOptions;
    private readonly MemoryCacheEntryOptions markerOptions;
    // Striped locks: a marker check and the Set that follows it are one step against a concurrent invalidation.
    private readonly object[] stripes = [.. Enumerable.Range(0, 64).Select(_ => new object())];
    private long clock;

    public StoredFeatureCache(IOptions<FeatureServingOptions> options, TimeProvider time)
    {
        var ttl = options.Value.CacheTtl;
        // Without a TTL the cache is off and the options are never used; MemoryCache refuses a zero expiry.
        TimeSpan? expiry = ttl > TimeSpan.Zero ? ttl : null;
        entryOptions = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = expiry, Size = 1 };
        // A marker outlives any read in flight (reads wait at most the deadline) and is evicted for room after entries.
        markerOptions = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = expiry, Size = 1, Priority = CacheItemPriority.High };
        if (expiry is not null)
        {
            cacheOptions = new MemoryCacheOptions
            {
                SizeLimit = options.Value.CacheMaxEntries,
                Clock = new TimeProviderClock(time),
            };
            cache = new MemoryCache(cacheOptions);
        }
    }

    public bool Enabled => cacheOptions is not null;

    /// <summary>A point in the cache's history; take it before sending a read and pass it to <see cref="Set"/>.</summary>
    public long Version => Volatile.Read(ref clock);

    public bool TryGet(string entity, EntityKey key, out RedisValue[] reply)
    {
        if (cache is { } current && current.TryGetValue(new CacheKey(entity, key), out var cached) && cached is RedisValue[] values)
        {
            reply = values;
            return true;
        }
        reply = [];
        return false;
    }

    /// <summary>Caches a reply read at <paramref name="readAt"/> (a <see cref="Version"/>), unless the instance was invalidated since.</summary>
    public void Set(string entity, EntityKey key, RedisValue[] reply, long readAt)
    {
        if (cache is not { } current)
        {
            return;
        }
        var cacheKey = new CacheKey(entity, key);
        lock (Stripe(cacheKey))
        {
            if (current.TryGetValue(cacheKey, out var cached) && cached is InvalidatedAt marker && marker.Version > readAt)
            {
                return;
            }
            // A read from before the last clear belongs to an older registry version.
            if (readAt < Volatile.Read(ref clearedAt))
            {
                return;
            }
            current.Set(cacheKey, reply, entryOptions);
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
        lock (Stripe(cacheKey))
        {
            current.Set(cacheKey, new InvalidatedAt(Interlocked.Increment(ref clock)), markerOptions);
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

    public void Dispose() => cache?.Dispose();

    private object Stripe(CacheKey key) => stripes[(int)((uint)key.GetHashCode() % (uint)stripes.Length)];

    private long clearedAt;

    private readonly record struct CacheKey(string Entity, EntityKey Key);

    private sealed record InvalidatedAt(long Version);

#pragma warning disable CS0618 // ISystemClock is the only clock MemoryCache takes.
    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
#pragma warning restore CS0618
}
