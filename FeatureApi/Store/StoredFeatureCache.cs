using FeatureApi.Features;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// The original design's actor cache: stored-feature replies kept in process for <see cref="FeatureServingOptions.CacheTtl"/>.
/// Off by default; writes through this instance invalidate it, writes through other instances are seen after the TTL.
/// </summary>
public sealed class StoredFeatureCache : IDisposable
{
    private readonly MemoryCache? cache;
    private readonly MemoryCacheEntryOptions entryOptions;

    public StoredFeatureCache(IOptions<FeatureServingOptions> options, TimeProvider time)
    {
        var ttl = options.Value.CacheTtl;
        entryOptions = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl > TimeSpan.Zero ? ttl : null, Size = 1 };
        if (ttl > TimeSpan.Zero)
        {
            cache = new MemoryCache(new MemoryCacheOptions
            {
                SizeLimit = options.Value.CacheMaxEntries,
                Clock = new TimeProviderClock(time),
            });
        }
    }

    public bool Enabled => cache is not null;

    public bool TryGet(long userId, out RedisValue[] reply)
    {
        if (cache is not null && cache.TryGetValue(userId, out var cached))
        {
            reply = (RedisValue[])cached!;
            return true;
        }
        reply = [];
        return false;
    }

    public void Set(long userId, RedisValue[] reply) => cache?.Set(userId, reply, entryOptions);

    public void Invalidate(long userId) => cache?.Remove(userId);

    public void Dispose() => cache?.Dispose();

#pragma warning disable CS0618 // ISystemClock is the only clock MemoryCache takes.
    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
#pragma warning restore CS0618
}
