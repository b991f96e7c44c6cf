using FeatureApi.Features;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// The original design's actor cache: stored-feature replies kept in process for <see cref="FeatureServingOptions.CacheTtl"/>.
/// Off by default. Writes through any instance invalidate it (see <see cref="CacheInvalidation"/>). An invalidated
/// user keeps a marker of when, so a read sent before the write cannot put the old value back when it completes.
/// </summary>
public sealed class StoredFeatureCache : IDisposable
{
    private readonly MemoryCache? cache;
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
            cache = new MemoryCache(new MemoryCacheOptions
            {
                SizeLimit = options.Value.CacheMaxEntries,
                Clock = new TimeProviderClock(time),
            });
        }
    }

    public bool Enabled => cache is not null;

    /// <summary>A point in the cache's history; take it before sending a read and pass it to <see cref="Set"/>.</summary>
    public long Version => Volatile.Read(ref clock);

    public bool TryGet(long userId, out RedisValue[] reply)
    {
        if (cache is not null && cache.TryGetValue(userId, out var cached) && cached is RedisValue[] values)
        {
            reply = values;
            return true;
        }
        reply = [];
        return false;
    }

    /// <summary>Caches a reply read at <paramref name="readAt"/> (a <see cref="Version"/>), unless the user was invalidated since.</summary>
    public void Set(long userId, RedisValue[] reply, long readAt)
    {
        if (cache is null)
        {
            return;
        }
        lock (Stripe(userId))
        {
            if (cache.TryGetValue(userId, out var cached) && cached is InvalidatedAt marker && marker.Version > readAt)
            {
                return;
            }
            cache.Set(userId, reply, entryOptions);
        }
    }

    /// <summary>Forgets the user's entry and remembers when, so older reads still in flight are not cached.</summary>
    public void Invalidate(long userId)
    {
        if (cache is null)
        {
            return;
        }
        lock (Stripe(userId))
        {
            cache.Set(userId, new InvalidatedAt(Interlocked.Increment(ref clock)), markerOptions);
        }
    }

    public void Dispose() => cache?.Dispose();

    private object Stripe(long userId) => stripes[(int)((ulong)userId % (ulong)stripes.Length)];

    private sealed record InvalidatedAt(long Version);

#pragma warning disable CS0618 // ISystemClock is the only clock MemoryCache takes.
    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
#pragma warning restore CS0618
}
