using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureApi.Store;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>Staleness, the in-process cache and a store outage, each with its own FeatureApi settings.</summary>
public sealed class FeatureServingBehaviourTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    private readonly StoreServer store = garnet.Store;

    [Fact]
    public async Task WithAUserTtlEveryWriteSetsTheUsersExpiry()
    {
        await using var host = new FeatureApiHost(store, new Dictionary<string, string?> { ["FeatureServing:UserTtl"] = "00:30:00" });
        using var api = host.CreateClient();
        using var redis = await store.ConnectAsync();
        var single = ApiFixture.NewUserId();
        var bulk = ApiFixture.NewUserId();

        await api.SeedAsync(single, new { user_age = 30 });
        (await api.PutAsJsonAsync("/api/users/features", new { users = new[] { new { userId = bulk, features = new { user_age = 31 } } } })).EnsureSuccessStatusCode();

        foreach (var userId in new[] { single, bulk })
        {
            var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(FeatureKeys.User(userId));
            Assert.NotNull(ttl);
            Assert.InRange(ttl.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        }
    }

    [Fact]
    public async Task WithoutAUserTtlUsersNeverExpire()
    {
        await using var host = new FeatureApiHost(store);
        using var api = host.CreateClient();
        using var redis = await store.ConnectAsync();
        var userId = ApiFixture.NewUserId();

        await api.SeedAsync(userId, new { user_age = 30 });

        Assert.Null(await redis.GetDatabase().KeyTimeToLiveAsync(FeatureKeys.User(userId)));
    }

    [Fact]
    public async Task AStoredValueOlderThanItsMaxAgeIsServedAsStale()
    {
        await using var host = new FeatureApiHost(store, new Dictionary<string, string?> { ["FeatureServing:MaxAge:last_7d_clicks"] = "00:10:00" });
        using var api = host.CreateClient();
        using var redis = await store.ConnectAsync();
        var userId = ApiFixture.NewUserId();
        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await redis.GetDatabase().HashSetAsync(FeatureKeys.User(userId),
            [new("last_7d_clicks", "4"), new("ts:last_7d_clicks", hourAgo), new("user_age", "40"), new("ts:user_age", now)]);

        var vector = await api.ExtractAsync(userId, ["last_7d_clicks", "f_recency_score", "user_age"]);

        var status = vector.GetProperty("status");
        Assert.Equal("stale", status.GetProperty("last_7d_clicks").GetString());
        Assert.Equal("stale", status.GetProperty("f_recency_score").GetString());
        Assert.Equal("present", status.GetProperty("user_age").GetString());
        Assert.Equal(0.2, vector.GetProperty("features").GetProperty("f_recency_score").GetDouble());
    }

    [Fact]
    public async Task TheCacheServesRepeatReadsAndWritesThroughThisInstanceInvalidateIt()
    {
        await using var host = new FeatureApiHost(store, new Dictionary<string, string?> { ["FeatureServing:CacheTtl"] = "01:00:00" });
        using var api = host.CreateClient();
        using var redis = await store.ConnectAsync();
        var userId = ApiFixture.NewUserId();
        await api.SeedAsync(userId, new { user_age = 20 });
        Assert.Equal(20, await api.FeatureAsync(userId, "user_age"));

        // Changed behind the API's back: the cached value is still served.
        await redis.GetDatabase().HashSetAsync(FeatureKeys.User(userId), "user_age", "99");
        Assert.Equal(20, await api.FeatureAsync(userId, "user_age"));

        // Written through the API: the cache entry is dropped and the new value served.
        await api.SeedAsync(userId, new { user_age = 21 });
        Assert.Equal(21, await api.FeatureAsync(userId, "user_age"));
    }

    [Fact]
    public async Task WithoutTheCacheEveryReadSeesTheStore()
    {
        await using var host = new FeatureApiHost(store, new Dictionary<string, string?> { ["FeatureServing:CacheTtl"] = "00:00:00" });
        using var api = host.CreateClient();
        using var redis = await store.ConnectAsync();
        var userId = ApiFixture.NewUserId();
        await api.SeedAsync(userId, new { user_age = 20 });
        Assert.Equal(20, await api.FeatureAsync(userId, "user_age"));

        await redis.GetDatabase().HashSetAsync(FeatureKeys.User(userId), "user_age", "99");

        Assert.Equal(99, await api.FeatureAsync(userId, "user_age"));
    }
}

/// <summary>A stalled, then dead, then restarted redis-server: answers stay within the deadline and recover alone.</summary>
public sealed class StoreOutageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(50);
    private static readonly Dictionary<string, string?> ProductionDeadline = new() { ["FeatureServing:Deadline"] = "00:00:00.050" };

    [RequiresRedisServerFact]
    public async Task AStalledStoreGivesDegradedAnswersWithinTheDeadlineThenServiceRecovers()
    {
        await using var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store, ProductionDeadline);
        using var api = host.CreateClient();
        var userId = ApiFixture.NewUserId();
        await api.SeedAsync(userId, new { user_age = 44 });

        store.Freeze();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                var vector = await api.ExtractAsync(userId, ["user_age", "f_normalized_value"]);
                watch.Stop();

                Assert.True(vector.GetProperty("degraded").GetBoolean());
                Assert.Equal("unavailable", vector.GetProperty("status").GetProperty("user_age").GetString());
                Assert.Equal(30, vector.GetProperty("features").GetProperty("user_age").GetDouble());
                Assert.Equal("present", vector.GetProperty("status").GetProperty("f_normalized_value").GetString());
                // Generous bound for a shared machine: a hang would take seconds (the store's timeouts), not this.
                Assert.True(watch.Elapsed < Deadline + TimeSpan.FromSeconds(1), $"A degraded answer took {watch.Elapsed.TotalMilliseconds} ms.");
            }
        }
        finally
        {
            store.Thaw();
        }

        await AssertRecoversAsync(api, userId, expectedAge: 44);
    }

    [RequiresRedisServerFact]
    public async Task ADeadStoreGivesDegradedAnswersAndRefusedWritesAndARestartedOneIsUsedAgain()
    {
        var first = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(first, ProductionDeadline);
        using var api = host.CreateClient();
        var userId = ApiFixture.NewUserId();
        await api.SeedAsync(userId, new { user_age = 44 });

        await first.DisposeAsync();
        var vector = await api.ExtractAsync(userId, ["user_age"]);
        Assert.True(vector.GetProperty("degraded").GetBoolean());
        // A write has no default to fall back on: the client is told to retry, with a problem, not a 500.
        using var write = await api.PutAsJsonAsync($"/api/users/{userId}/features", new { user_age = 46 });
        ProblemAssertions.AssertProblem(write, System.Net.HttpStatusCode.ServiceUnavailable);

        await using var restarted = RedisServerProcess.StartOn(first.Port, first.Password);
        await using (var redis = await restarted.ConnectAsync())
        {
            await redis.GetDatabase().HashSetAsync(FeatureKeys.User(userId), "user_age", "45");
        }
        await AssertRecoversAsync(api, userId, expectedAge: 45);
    }

    private static async Task AssertRecoversAsync(HttpClient api, long userId, double expectedAge)
    {
        var until = Stopwatch.StartNew();
        JsonElement vector;
        do
        {
            await Task.Delay(100);
            vector = await api.ExtractAsync(userId, ["user_age"]);
        }
        while (vector.GetProperty("degraded").GetBoolean() && until.Elapsed < TimeSpan.FromSeconds(30));

        Assert.False(vector.GetProperty("degraded").GetBoolean());
        Assert.Equal(expectedAge, vector.GetProperty("features").GetProperty("user_age").GetDouble());
    }
}
