using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using FeatureApi.Store;
using FeatureAspire.Store.Hosting;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeatureAspire.Tests.Api;

/// <summary>
/// The near cache as shipped: on by default, bounded in bytes, opted out of per entity or feature by the repository,
/// and never serving while it cannot hear the invalidation channel. Writes "behind the API's back" (straight to the
/// store) show what the cache serves: a cached value hides them until the TTL, a cache that does not serve cannot.
/// </summary>
public sealed class NearCacheTests
{
    [RequiresRedisServerFact]
    public async Task TheCacheIsOnByDefaultAndAWriteBehindTheApisBackIsSeenOnceItsTtlHasPassed()
    {
        await using var store = RedisServerProcess.Start();
        await using var defaults = new FeatureApiHost(store);
        await using var shortTtl = new FeatureApiHost(store, new Dictionary<string, string?> { ["FeatureServing:CacheTtl"] = "00:00:01" });
        using var api = defaults.CreateClient();
        using var shortApi = shortTtl.CreateClient();
        await using var admin = await store.ConnectAsync();
        var userId = ApiFixture.NewUserId();
        await api.SeedAsync(userId, new { user_age = 20 });
        Assert.Equal(20, await api.FeatureAsync(userId, "user_age"));
        Assert.Equal(20, await shortApi.FeatureAsync(userId, "user_age"));

        await admin.GetDatabase().HashSetAsync(FeatureKeys.User(userId), "user_age", "99");

        Assert.Equal(20, await api.FeatureAsync(userId, "user_age"));
        Assert.Equal(HealthStatus.Healthy, (await CacheHealthAsync(defaults)).Status);
        await EventuallyAsync(async () => await shortApi.FeatureAsync(userId, "user_age") == 99, "the 1 s TTL never let the write through");
    }

    [RequiresRedisServerFact]
    public async Task TheCacheStaysWithinItsByteBoundAndCountsWhatItEvicts()
    {
        const long maxBytes = 1024 * 1024;
        await using var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store, new Dictionary<string, string?> { ["FeatureServing:CacheMaxBytes"] = $"{maxBytes}" });
        using var evictions = new MeasurementCounter("features.cache.evictions", host.Services.GetRequiredService<IMeterFactory>());
        using var api = host.CreateClient();
        var cache = host.Services.GetRequiredService<StoredFeatureCache>();
        var users = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 1000).Select(_ => ApiFixture.NewUserId()).ToArray()).ToArray();

        // 5,000 users of about 600 bytes each would take three times the bound.
        foreach (var batch in users)
        {
            using var written = await api.PutAsJsonAsync("/api/users/features",
                new { users = batch.Select(userId => new { userId, features = new { user_age = 30, last_7d_clicks = 4 } }) });
            written.EnsureSuccessStatusCode();
            using var read = await api.PostAsJsonAsync("/api/features/extract/batch",
                new { requests = batch.Select(userId => new { userId, currentValue = 1.0 }), features = new[] { "user_age" } });
            read.EnsureSuccessStatusCode();
            Assert.True(cache.Statistics!.CurrentEstimatedSize <= maxBytes, $"The cache holds {cache.Statistics.CurrentEstimatedSize} bytes, over its {maxBytes}.");
        }

        Assert.True(cache.Statistics!.CurrentEntryCount > 0);
        await EventuallyAsync(() => Task.FromResult(evictions.Count > 0), "no eviction was counted");
    }

    [RequiresRedisServerFact]
    public async Task AnEntityOrAFeatureOptedOutOfTheCacheIsReadFromTheStoreEveryTime()
    {
        await using var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store);
        using var api = host.CreateClient();
        await using var admin = await store.ConnectAsync();
        await api.ApplyAsync("""
            entities:
              - { name: user, key: int64 }
              - { name: item, key: string, cache: false }
            features:
              - { name: user_age, source: stored, entity: user }
              - { name: user_balance, source: stored, entity: user, cache: false }
              - { name: item_price, source: stored, entity: item }
            defaultFeatures: [user_age]
            """);
        var (userId, item) = (ApiFixture.NewUserId(), $"sku-{ApiFixture.NewUserId()}");
        await api.SeedAsync(userId, new { user_age = 20, user_balance = 5 });
        using (var price = await api.PutAsJsonAsync($"/api/entities/item/{item}/features", new { item_price = 7.0 }))
        {
            price.EnsureSuccessStatusCode();
        }
        async Task<double> ReadAsync(string feature) => (await api.ExtractEntitiesAsync(new
        {
            entities = new Dictionary<string, object> { ["user"] = userId, ["item"] = item },
            features = new[] { feature },
        })).GetProperty("features").GetProperty(feature).GetDouble();
        Assert.Equal(20, await ReadAsync("user_age"));
        Assert.Equal(5, await ReadAsync("user_balance"));
        Assert.Equal(7, await ReadAsync("item_price"));

        var database = admin.GetDatabase();
        await database.HashSetAsync($"fs:{{u:{userId}}}", [new("user_age", "21"), new("user_balance", "6")]);
        await database.HashSetAsync($"fs:{{item:{item}}}", "item_price", "8");

        Assert.Equal(20, await ReadAsync("user_age"));
        Assert.Equal(6, await ReadAsync("user_balance"));
        Assert.Equal(8, await ReadAsync("item_price"));
    }

    [RequiresRedisServerFact]
    public async Task WhileTheInvalidationChannelCannotBeHeardTheCacheDoesNotServeAndHealthSaysWhy()
    {
        await using var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store);
        using var api = host.CreateClient();
        using var anonymous = host.CreateClient(apiKey: null);
        await using var admin = await store.ConnectAsync();
        var server = admin.GetServers().Single();
        var cache = host.Services.GetRequiredService<StoredFeatureCache>();
        var userId = ApiFixture.NewUserId();
        await api.SeedAsync(userId, new { user_age = 20 });
        Assert.Equal(20, await api.FeatureAsync(userId, "user_age"));

        // Without the channels' permission the store disconnects FeatureApi's subscriptions and refuses new ones.
        await server.ExecuteAsync("ACL", "SETUSER", StoreAccess.ApiUser, "resetchannels", $"&{StoreAccess.ClientConfigurationChannel}");
        await EventuallyAsync(() => Task.FromResult(!cache.Serving), "the cache kept serving without its invalidation channel");
        await admin.GetDatabase().HashSetAsync(FeatureKeys.User(userId), "user_age", "99");

        Assert.Equal(99, await api.FeatureAsync(userId, "user_age"));
        var health = await CacheHealthAsync(host);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("does not serve", health.Description, StringComparison.Ordinal);
        Assert.Equal("Degraded", await anonymous.GetStringAsync("/health"));

        await server.ExecuteAsync("ACL", "SETUSER", StoreAccess.ApiUser, $"&{StoreAccess.ApiKeyPattern}");
        await EventuallyAsync(() => Task.FromResult(cache.Serving), "the cache never served again once the channel was back");
        Assert.Equal(99, await api.FeatureAsync(userId, "user_age"));
        await admin.GetDatabase().HashSetAsync(FeatureKeys.User(userId), "user_age", "100");
        Assert.Equal(99, await api.FeatureAsync(userId, "user_age"));
    }

    private static async Task<HealthReportEntry> CacheHealthAsync(FeatureApiHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries[NearCacheHealthCheck.Name];

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), failure);
            await Task.Delay(50);
        }
    }
}
