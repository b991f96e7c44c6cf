using System.Diagnostics.Metrics;
using FeatureApi.Definitions;
using FeatureApi.Features;
using FeatureApi.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Store;

/// <summary>
/// The near cache's one promise, at its own level: a reply read before an invalidation is never cached after it, even
/// when the cache is full. The 10-minute Zipf soak found 43 stale item prices while the cache filled to its byte bound:
/// the invalidation's marker was itself an entry, and a full cache refuses new entries, so the read in flight put the
/// old value back.
/// </summary>
public sealed class NearCacheInvalidationTests : IDisposable
{
    private const long MaxBytes = 64 * 1024;

    private static readonly FeatureRegistry Registry = RepositoryText.CompileValid("""
        entities:
          - { name: item, key: string }
        features:
          - { name: price, entity: item, source: stored }
        """, version: 1);

    private static readonly EntityDefinition Item = Registry.FindEntity("item")!;

    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly StoredFeatureCache cache;

    public NearCacheInvalidationTests()
    {
        cache = new StoredFeatureCache(Options.Create(new FeatureServingOptions { CacheMaxBytes = MaxBytes }),
            TimeProvider.System, services.GetRequiredService<IMeterFactory>());
        cache.Resume();
    }

    [Fact]
    public void AReadSentBeforeAnInvalidationIsNotCachedAfterIt()
    {
        var key = EntityKey.Of("sku-18");
        var readAt = cache.Version;

        cache.Invalidate(Item.Name, key);
        cache.Set(Item, key, 1, Reply("2647"), readAt);

        Assert.False(cache.TryGet(Item, key, 1, out _));
    }

    [Fact]
    public async Task AReadSentBeforeAnInvalidationIsNotCachedAfterItWhileTheCacheIsFull()
    {
        var key = EntityKey.Of("sku-18");
        var readAt = cache.Version;
        FillToTheBound();

        cache.Invalidate(Item.Name, key);
        // A full cache compacts in the background; the old reply arrives once there is room again.
        await WhenBelowTheBoundAsync();
        cache.Set(Item, key, 1, Reply("2647"), readAt);

        Assert.False(cache.TryGet(Item, key, 1, out _), "The reply read before the invalidation was cached after it.");
    }

    [Fact]
    public void AReadSentAfterAnInvalidationIsCached()
    {
        var key = EntityKey.Of("sku-18");
        cache.Invalidate(Item.Name, key);
        var readAt = cache.Version;

        cache.Set(Item, key, 1, Reply("2709"), readAt);

        Assert.True(cache.TryGet(Item, key, 1, out var reply));
        Assert.Equal("2709", (string?)reply[0]);
    }

    public void Dispose()
    {
        cache.Dispose();
        services.Dispose();
    }

    private void FillToTheBound()
    {
        for (var i = 0; cache.Statistics!.CurrentEstimatedSize + 1024 < MaxBytes; i++)
        {
            cache.Set(Item, EntityKey.Of($"filler-{i}"), 1, Reply(new string('9', 200)), cache.Version);
        }
        // One more than fits: the cache now refuses entries until it has compacted.
        for (var i = 0; i < 8; i++)
        {
            cache.Set(Item, EntityKey.Of($"over-{i}"), 1, Reply(new string('9', 200)), cache.Version);
        }
    }

    private async Task WhenBelowTheBoundAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (cache.Statistics!.CurrentEstimatedSize > MaxBytes * 0.97 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.True(cache.Statistics.CurrentEstimatedSize <= MaxBytes * 0.97, "The cache never compacted.");
    }

    private static RedisValue[] Reply(string price) => [price, "1764770000000"];
}
