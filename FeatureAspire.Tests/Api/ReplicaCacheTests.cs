using System.Diagnostics;
using System.Net.Http.Json;
using FeatureAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Api;

/// <summary>
/// Two FeatureApi instances with the in-process cache on, sharing one store, as replicas do: a write through one is
/// served by the other at once, within the cache TTL, even while the other is busy reading the same user.
/// </summary>
public sealed class ReplicaCacheTests
{
    private static readonly Dictionary<string, string?> LongCache = new() { ["FeatureServing:CacheTtl"] = "01:00:00" };

    [SkippableTheory]
    [InlineData("redis")]
    [InlineData("garnet")]
    [InlineData("cluster")]
    public async Task AWriteThroughOneInstanceIsReadThroughTheOtherEveryTime(string storeKind)
    {
        await using var replicas = Replicas.Start(storeKind);
        using var writer = replicas.First.CreateClient();
        using var reader = replicas.Second.CreateClient();
        using var busyReader = replicas.Second.CreateClient();
        var userId = ApiFixture.NewUserId();
        await writer.SeedAsync(userId, new { user_age = 1 });

        // Extracts of the same user in flight on the reading instance while the writes land: none may put an older
        // value back into its cache after the write's invalidation.
        using var stop = new CancellationTokenSource();
        var busy = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await busyReader.FeatureAsync(userId, "user_age");
            }
        });
        try
        {
            for (var age = 2; age <= 40; age++)
            {
                await writer.SeedAsync(userId, new { user_age = age });

                Assert.Equal(age, await reader.FeatureAsync(userId, "user_age"));
                Assert.Equal(age, await reader.FeatureAsync(userId, "user_age"));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await busy;
        }
    }

    [SkippableTheory]
    [InlineData("redis")]
    [InlineData("cluster")]
    public async Task ADeleteThroughOneInstanceIsSeenByTheOther(string storeKind)
    {
        await using var replicas = Replicas.Start(storeKind);
        using var writer = replicas.First.CreateClient();
        using var reader = replicas.Second.CreateClient();
        var userId = ApiFixture.NewUserId();
        await writer.SeedAsync(userId, new { user_age = 44 });
        Assert.Equal(44, await reader.FeatureAsync(userId, "user_age"));

        (await writer.DeleteAsync($"/api/users/{userId}/features")).EnsureSuccessStatusCode();

        var vector = await reader.ExtractAsync(userId, ["user_age"]);
        Assert.Equal("default", vector.GetProperty("status").GetProperty("user_age").GetString());
    }

    [SkippableTheory]
    [InlineData("redis")]
    [InlineData("garnet")]
    [InlineData("cluster")]
    public async Task AnEventAcknowledgedThroughOneInstanceCountsInTheNextExtractThroughTheOther(string storeKind)
    {
        await using var replicas = Replicas.Start(storeKind);
        using var writer = replicas.First.CreateClient();
        using var reader = replicas.Second.CreateClient();
        var userId = ApiFixture.NewUserId();
        await writer.SeedAsync(userId, new { user_age = 30 });
        Assert.Equal(30, await reader.FeatureAsync(userId, "user_age"));

        for (var clicks = 1; clicks <= 10; clicks++)
        {
            using var accepted = await writer.PostAsJsonAsync("/api/events", new { events = new[] { new { userId, stream = "clicks", eventId = $"click-{clicks}" } } });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);

            // The stored feature beside it comes from the near cache; the live count never does.
            var vector = await reader.ExtractAsync(userId, ["clicks_1h", "user_age"]);
            Assert.Equal(clicks, vector.GetProperty("features").GetProperty("clicks_1h").GetDouble());
            Assert.Equal(30, vector.GetProperty("features").GetProperty("user_age").GetDouble());
        }
    }

    [RequiresRedisServerFact]
    public async Task AnInstanceStartedWhileTheClusterWasUnreachableHearsItsPeersOnceTheClusterIsBack()
    {
        await using var cluster = RedisClusterServer.Start();
        await using var first = new FeatureApiHost(cluster, LongCache);
        await using var second = StartWhileFrozen(cluster);
        await WaitUntilEveryInstanceListensAsync(cluster, instances: 2);
        using var viaFirst = first.CreateClient();
        using var viaSecond = second.CreateClient();
        var userId = ApiFixture.NewUserId();
        await viaFirst.SeedAsync(userId, new { user_age = 1 });
        Assert.Equal(1, await viaFirst.FeatureAsync(userId, "user_age"));
        Assert.Equal(1, await viaSecond.FeatureAsync(userId, "user_age"));

        await viaFirst.SeedAsync(userId, new { user_age = 2 });
        Assert.Equal(2, await viaSecond.FeatureAsync(userId, "user_age"));
        await viaSecond.SeedAsync(userId, new { user_age = 3 });
        Assert.Equal(3, await viaFirst.FeatureAsync(userId, "user_age"));
    }

    /// <summary>A FeatureApi instance started while no node answers (its multiplexer cannot tell it is a cluster).</summary>
    private static FeatureApiHost StartWhileFrozen(RedisClusterServer cluster)
    {
        foreach (var node in cluster.Nodes)
        {
            node.Freeze();
        }
        try
        {
            return new FeatureApiHost(cluster, LongCache);
        }
        finally
        {
            foreach (var node in cluster.Nodes)
            {
                node.Thaw();
            }
        }
    }

    /// <summary>
    /// Waits until every invalidation channel and <paramref name="instances"/> reply channels have a subscriber per
    /// instance, plain or sharded, counted over all nodes: an instance that reconnected has subscribed again.
    /// </summary>
    private static async Task WaitUntilEveryInstanceListensAsync(RedisClusterServer cluster, int instances)
    {
        await using var admin = await cluster.ConnectAsync();
        RedisValue[] channels = [.. Enumerable.Range(0, FeatureApi.Store.FeatureKeys.IndexShards).Select(shard => (RedisValue)$"fs:invalidate:{{s{shard}}}")];
        var until = Stopwatch.StartNew();
        while (true)
        {
            var subscribers = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var server in admin.GetServers())
            {
                foreach (var count in new[] { "NUMSUB", "SHARDNUMSUB" })
                {
                    var reply = (RedisResult[])(await server.ExecuteAsync("PUBSUB", [count, .. channels]))!;
                    for (var i = 0; i < reply.Length; i += 2)
                    {
                        subscribers[(string)reply[i]!] = subscribers.GetValueOrDefault((string)reply[i]!) + (long)reply[i + 1];
                    }
                }
                foreach (var list in new[] { "CHANNELS", "SHARDCHANNELS" })
                {
                    var replyChannels = (RedisResult[])(await server.ExecuteAsync("PUBSUB", list, "fs:invalidated:*"))!;
                    subscribers["replies"] = subscribers.GetValueOrDefault("replies") + replyChannels.Length;
                }
            }
            if (subscribers.GetValueOrDefault("replies") == instances && channels.All(channel => subscribers.GetValueOrDefault(channel.ToString()) == instances))
            {
                return;
            }
            Assert.True(until.Elapsed < TimeSpan.FromSeconds(60), $"The instances never all subscribed: {string.Join(", ", subscribers)}.");
            await Task.Delay(100);
        }
    }

    /// <summary>A store of the given kind and two FeatureApi instances on it, skipped where the store cannot run.</summary>
    private sealed class Replicas(StoreServer store) : IAsyncDisposable
    {
        public FeatureApiHost First { get; } = new(store, LongCache);
        public FeatureApiHost Second { get; } = new(store, LongCache);

        public static Replicas Start(string storeKind)
        {
            var unavailable = StoreServer.Unavailable(storeKind);
            Skip.If(unavailable is not null, unavailable);
            return new Replicas(StoreServer.Start(storeKind));
        }

        public async ValueTask DisposeAsync()
        {
            await First.DisposeAsync();
            await Second.DisposeAsync();
            await store.DisposeAsync();
        }
    }
}
