using FeatureAspire.Store.Hosting;
using FeatureAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Store;

/// <summary>The shared launcher's Redis Cluster: six hardened redis-server nodes formed into 3 primaries and 3 replicas.</summary>
public sealed class RedisClusterTests
{
    [RequiresRedisServerFact]
    public async Task SixNodesFormAClusterThatFeatureApisUserReadsAndWritesAcrossSlots()
    {
        await using var cluster = RedisClusterServer.Start();
        await using var featureApi = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);

        var servers = featureApi.GetServers();
        Assert.Equal(RedisCluster.Nodes, cluster.Nodes.Count);
        Assert.Equal(RedisCluster.Primaries, servers.Count(server => !server.IsReplica));
        Assert.Equal(RedisCluster.Primaries * RedisCluster.ReplicasPerPrimary, servers.Count(server => server.IsReplica));
        var db = featureApi.GetDatabase();
        var users = Enumerable.Range(1, 30).Select(id => (RedisKey)$"fs:{{u:{id}}}").ToList();
        Assert.True(users.Select(user => featureApi.HashSlot(user)).Distinct().Count() > RedisCluster.Primaries);
        foreach (var user in users)
        {
            await db.HashSetAsync(user, [new HashEntry("user_age", user.ToString())]);
        }
        foreach (var user in users)
        {
            Assert.Equal(user.ToString(), (string?)await db.HashGetAsync(user, "user_age"));
        }
        var refused = await Assert.ThrowsAsync<RedisServerException>(() => servers[0].ExecuteAsync("FLUSHALL"));
        Assert.StartsWith("NOPERM", refused.Message, StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task TheAdministratorSeesEveryNodeReportTheClusterOk()
    {
        await using var cluster = RedisClusterServer.Start();
        await using var admin = await cluster.ConnectAsync();

        foreach (var server in admin.GetServers())
        {
            Assert.Contains("cluster_state:ok", (string?)await server.ExecuteAsync("CLUSTER", "INFO"), StringComparison.Ordinal);
        }
        Assert.Equal(RedisCluster.Nodes, admin.GetServers().Length);
    }

    [RequiresRedisServerFact]
    public async Task OnlyOnAClusterDoesTheMultiplexerGiveKeysAHashSlot()
    {
        await using var single = RedisServerProcess.Start();
        await using var cluster = RedisClusterServer.Start();
        await using var toSingle = await ConnectionMultiplexer.ConnectAsync(single.ConnectionString);
        await using var toCluster = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);

        // FeatureApi waits for every node's replies only where this says cluster.
        Assert.False(FeatureApi.Store.StoreTopology.IsCluster(toSingle));
        Assert.True(FeatureApi.Store.StoreTopology.IsCluster(toCluster));
    }
}
