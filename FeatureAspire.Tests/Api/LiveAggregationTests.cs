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
/// Every aggregation a live feature can declare (count, sum, avg, max), with a registry of the test's own, written and
/// merged by the real writer and pipeline against a real store.
/// </summary>
public abstract class LiveAggregationTests(string storeKind) : IAsyncLifetime
{
    private static readonly EventStream Views = new("views", "test stream");
    private static readonly FeatureDefinition Count = Live("views_count_1h", Aggregation.Count);
    private static readonly FeatureDefinition Sum = Live("views_sum_1h", Aggregation.Sum);
    private static readonly FeatureDefinition Avg = Live("views_avg_1h", Aggregation.Avg);
    private static readonly FeatureDefinition Max = Live("views_max_1h", Aggregation.Max);
    private static readonly FeatureRegistry Registry = new([Count, Sum, Avg, Max], [Count, Sum, Avg, Max]);

    private StoreServer? store;
    private ConnectionMultiplexer? redis;

    private static FeatureDefinition Live(string name, Aggregation aggregation) => FeatureDefinition.LiveAggregate(
        name, name, new LiveAggregate(Views, aggregation, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1)));

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
    public async Task CountSumAvgAndMaxMergeTheirTiles()
    {
        Skip.If(redis is null, StoreServer.Unavailable(storeKind));
        var now = DateTimeOffset.UtcNow;
        var writer = new LiveEventWriter(redis, Registry, TimeProvider.System, Options.Create(new FeatureServingOptions()));
        var pipeline = CreatePipeline(redis);

        await writer.WriteAsync(
        [
            new LiveEvent(7, Views, 2, now.AddMinutes(-30)),
            new LiveEvent(7, Views, 9, now.AddMinutes(-5)),
            new LiveEvent(7, Views, 4, now),
            new LiveEvent(8, Views, 100, now),
        ]);
        using var vectors = await pipeline.ExtractAsync(new[] { new ExtractionInput(7, 0), new ExtractionInput(9, 0) }, Registry.DefaultSet, batch: true);

        Assert.Equal([3.0, 15.0, 5.0, 9.0], Enumerable.Range(0, 4).Select(f => vectors.Value(0, f)));
        Assert.All(Enumerable.Range(0, 4), f => Assert.Equal(FeatureStatus.Present, vectors.Status(0, f)));
        // No events: count and sum are a true zero, the average is undefined and says so.
        Assert.Equal([0.0, 0.0, 0.0, 0.0], Enumerable.Range(0, 4).Select(f => vectors.Value(1, f)));
        Assert.Equal(FeatureStatus.Default, vectors.Status(1, 2));
    }

    private static ExtractionPipeline CreatePipeline(IConnectionMultiplexer redis)
    {
        // A deadline no cold start can miss: this test is about merging tiles, not about latency.
        var options = Options.Create(new FeatureServingOptions { Deadline = TimeSpan.FromSeconds(10) });
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        return new ExtractionPipeline(
            new RedisFeatureStore(redis, Registry, TimeProvider.System, options),
            new StoredFeatureCache(options, TimeProvider.System),
            new StoreAvailability(NullLogger<StoreAvailability>.Instance, TimeProvider.System),
            new FeatureMetrics(meters), Registry, options, TimeProvider.System);
    }
}

public sealed class LiveAggregationOnRedisTests() : LiveAggregationTests("redis");

public sealed class LiveAggregationOnGarnetTests() : LiveAggregationTests("garnet");
