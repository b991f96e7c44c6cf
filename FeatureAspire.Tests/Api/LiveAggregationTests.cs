using FeatureApi.Definitions;
using FeatureApi.Diagnostics;
using FeatureApi.Features;
using FeatureApi.Pipeline;
using FeatureApi.Store;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Api;

/// <summary>
/// Every aggregation a live feature can declare (count, sum, avg, max, min), over a stream of a string-keyed entity,
/// with a repository of the test's own, written and merged by the real writer and pipeline against a real store.
/// </summary>
public abstract class LiveAggregationTests(string storeKind) : IAsyncLifetime
{
    private static readonly FeatureRegistry Registry = RepositoryText.CompileValid("""
        entities: [{ name: item, key: string }]
        streams: [{ name: views, entity: item }]
        features:
          - { name: views_count_1h, source: live, stream: views, aggregation: count, window: 1h, tile: 1m }
          - { name: views_sum_1h, source: live, stream: views, aggregation: sum, window: 1h, tile: 1m }
          - { name: views_avg_1h, source: live, stream: views, aggregation: avg, window: 1h, tile: 1m }
          - { name: views_max_1h, source: live, stream: views, aggregation: max, window: 1h, tile: 1m }
          - { name: views_min_1h, source: live, stream: views, aggregation: min, window: 1h, tile: 1m }
        defaultFeatures: [views_count_1h, views_sum_1h, views_avg_1h, views_max_1h, views_min_1h]
        """, version: 1);

    private static EventStream Views => Registry.FindStream("views")!;

    private StoreServer? store;
    private ConnectionMultiplexer? redis;

    public async Task InitializeAsync()
    {
        if (StoreServer.Unavailable(storeKind) is not null)
        {
            return;
        }
        store = StoreServer.Start(storeKind);
        redis = await store.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        redis?.Dispose();
        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task CountSumAvgMaxAndMinMergeTheirTiles()
    {
        Skip.If(redis is null, StoreServer.Unavailable(storeKind));
        var now = DateTimeOffset.UtcNow;
        var writer = new LiveEventWriter(redis, TimeProvider.System, Options.Create(new FeatureServingOptions()));
        var pipeline = CreatePipeline(redis);
        var (seven, eight, nine) = (EntityKey.Of("sku-7"), EntityKey.Of("sku-8"), EntityKey.Of("sku-9"));

        await writer.WriteAsync(Registry,
        [
            new LiveEvent(seven, Views, 2, now.AddMinutes(-30)),
            new LiveEvent(seven, Views, 9, now.AddMinutes(-5)),
            new LiveEvent(seven, Views, 4, now),
            new LiveEvent(eight, Views, 100, now),
        ]);
        var rows = new ExtractionRows(Registry, 2);
        rows.SetKey(0, Registry.FindEntity("item")!, seven);
        rows.SetKey(1, Registry.FindEntity("item")!, nine);
        using var vectors = await pipeline.ExtractAsync(rows, Registry.DefaultSet, batch: true);

        Assert.Equal([3.0, 15.0, 5.0, 9.0, 2.0], Enumerable.Range(0, 5).Select(f => vectors.Value(0, f)));
        Assert.All(Enumerable.Range(0, 5), f => Assert.Equal(FeatureStatus.Present, vectors.Status(0, f)));
        // No events: count and sum are a true zero; the average, max and min are undefined and say so.
        Assert.Equal([0.0, 0.0, 0.0, 0.0, 0.0], Enumerable.Range(0, 5).Select(f => vectors.Value(1, f)));
        Assert.Equal([FeatureStatus.Present, FeatureStatus.Present, FeatureStatus.Default, FeatureStatus.Default, FeatureStatus.Default],
            Enumerable.Range(0, 5).Select(f => vectors.Status(1, f)));
    }

    [SkippableFact]
    public async Task EveryTileKeepsItsExpiryHoweverLaterEventsChangeIt()
    {
        Skip.If(redis is null, StoreServer.Unavailable(storeKind));
        var now = DateTimeOffset.UtcNow;
        var writer = new LiveEventWriter(redis, TimeProvider.System, Options.Create(new FeatureServingOptions()));
        var item = EntityKey.Of($"sku-ttl-{Guid.NewGuid():N}");

        // The first event creates each tile; the later ones raise, keep or lower its max and min, with and without ids.
        foreach (var (value, id) in new (double, string?)[] { (5, null), (9, "a"), (1, "b"), (7, null), (3, "c") })
        {
            await writer.WriteAsync(Registry, [new LiveEvent(item, Views, value, now, id)]);
        }

        var tiles = redis.GetServers().Where(s => !s.IsReplica)
            .SelectMany(server => server.Keys(pattern: $"fs:{{item:{item}}}:views:*").ToArray()).ToArray();
        Assert.Equal(4, tiles.Length);
        foreach (var tile in tiles)
        {
            Assert.NotNull(await redis.GetDatabase().KeyTimeToLiveAsync(tile));
        }
    }

    private static ExtractionPipeline CreatePipeline(IConnectionMultiplexer redis)
    {
        // A deadline no cold start can miss: this test is about merging tiles, not about latency.
        var options = Options.Create(new FeatureServingOptions { Deadline = TimeSpan.FromSeconds(10) });
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var cache = new StoredFeatureCache(options, TimeProvider.System, meters);
        return new ExtractionPipeline(
            new RedisFeatureStore(redis, new CacheInvalidation(redis, cache, NullLogger<CacheInvalidation>.Instance), TimeProvider.System, options),
            cache,
            new StoreAvailability(NullLogger<StoreAvailability>.Instance, TimeProvider.System),
            new FeatureMetrics(meters), options, TimeProvider.System);
    }
}

public sealed class LiveAggregationOnRedisTests() : LiveAggregationTests("redis");

public sealed class LiveAggregationOnGarnetTests() : LiveAggregationTests("garnet");
