using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureApi.Diagnostics;
using FeatureApi.Store;
using FeatureAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Api;

/// <summary>A store at its memory bound (maxmemory with noeviction) refuses writes: 507, counted; reads go on.</summary>
public sealed class StoreMemoryTests
{
    [RequiresRedisServerFact]
    public async Task AWriteRefusedForMemoryAnswers507AndIsCountedWhileReadsKeepWorking()
    {
        await using var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store);
        using var api = host.CreateClient();
        var userId = ApiFixture.NewUserId();
        await api.SeedAsync(userId, new { user_age = 44 });
        using var refusals = new MeasurementCounter("features.store.writes.refused");
        using (var redis = await store.ConnectAsync())
        {
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            await server.ConfigSetAsync("maxmemory-policy", "noeviction");
            await server.ConfigSetAsync("maxmemory", "1"); // Below what the server already uses: every write is over the bound.
        }

        using var put = await api.PutAsJsonAsync($"/api/users/{userId}/features", new { user_age = 45 });
        using var bulk = await api.PutAsJsonAsync("/api/users/features", new { users = new[] { new { userId, features = new { user_age = 46 } } } });
        using var events = await api.PostAsJsonAsync("/api/events", new { events = new[] { new { userId, stream = "clicks" } } });
        using var eventsWithId = await api.PostAsJsonAsync("/api/events", new { events = new[] { new { userId, stream = "clicks", eventId = "x" } } });

        foreach (var refused in new[] { put, bulk, events, eventsWithId })
        {
            ProblemAssertions.AssertProblem(refused, HttpStatusCode.InsufficientStorage);
        }
        Assert.Equal(4, refusals.Count);
        var vector = await api.ExtractAsync(userId, ["user_age", "clicks_1h"]);
        Assert.False(vector.GetProperty("degraded").GetBoolean());
        Assert.Equal(44, vector.GetProperty("features").GetProperty("user_age").GetDouble());
        Assert.Equal(0, vector.GetProperty("features").GetProperty("clicks_1h").GetDouble());
        var user = await api.GetFromJsonAsync<JsonElement>($"/api/users/{userId}/features");
        Assert.Equal(44, user.GetProperty("features").GetProperty("user_age").GetDouble());
    }

    /// <summary>
    /// Each primary in turn, alone, is made full: a write whose user lives there is refused as full (507, not a 503
    /// that advises a retry which cannot succeed), whichever node the multiplexer would pick for a keyless command,
    /// while a user held entirely by the other primaries is still written.
    /// </summary>
    [RequiresRedisServerFact]
    public async Task OnAClusterAWriteToTheOnePrimaryThatIsFullAnswers507WhileTheOthersKeepTakingWrites()
    {
        await using var cluster = RedisClusterServer.Start();
        await using var host = new FeatureApiHost(cluster);
        using var api = host.CreateClient();
        await using var admin = await cluster.ConnectAsync();
        var slots = await SlotMapAsync(admin);
        EndPoint PrimaryOf(RedisKey key) => slots.GetBySlot(key)!.EndPoint!;

        foreach (var primary in slots.Nodes.Where(node => !node.IsReplica && node.Slots.Count > 0).Select(node => node.EndPoint!))
        {
            var onFull = UserWhere(userId => PrimaryOf(FeatureKeys.User(userId)).Equals(primary));
            var elsewhere = UserWhere(userId =>
                !PrimaryOf(FeatureKeys.User(userId)).Equals(primary) && !PrimaryOf($"fs:users:{{s{userId % 16}}}").Equals(primary));
            var full = admin.GetServer(primary);
            var bound = (await full.ConfigGetAsync("maxmemory")).Single().Value;
            await full.ConfigSetAsync("maxmemory", "1"); // Below what the node already uses: every write to it is over the bound.
            try
            {
                using var refused = await api.PutAsJsonAsync($"/api/users/{onFull}/features", new { user_age = 45 });
                ProblemAssertions.AssertProblem(refused, HttpStatusCode.InsufficientStorage, $"with only {primary} full");
                await api.SeedAsync(elsewhere, new { user_age = 46 });
            }
            finally
            {
                await full.ConfigSetAsync("maxmemory", bound);
            }
        }
    }

    /// <summary>
    /// The cluster's slot map once every primary owns slots: on a loaded machine the first view can list a primary
    /// before its slots, and no user would ever land on it.
    /// </summary>
    private static async Task<ClusterConfiguration> SlotMapAsync(ConnectionMultiplexer admin)
    {
        for (var attempt = 0; ; attempt++)
        {
            var slots = admin.GetServers().First(server => !server.IsReplica).ClusterConfiguration!;
            if (slots.Nodes.Count(node => !node.IsReplica && node.Slots.Count > 0) == 3 || attempt == 50)
            {
                return slots;
            }
            await admin.ConfigureAsync();
            await Task.Delay(200);
        }
    }

    /// <summary>A new user id for which <paramref name="placed"/> holds; bounded, so a wrong placement fails rather than spins.</summary>
    private static long UserWhere(Func<long, bool> placed)
    {
        for (var attempt = 0; attempt < 100_000; attempt++)
        {
            var userId = ApiFixture.NewUserId();
            if (placed(userId))
            {
                return userId;
            }
        }
        throw new Xunit.Sdk.XunitException("No user id in 100,000 lands where the test needs one; the cluster's slot map is not what it expects.");
    }
}
