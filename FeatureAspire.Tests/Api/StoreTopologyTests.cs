using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary><c>GET /api/store</c> names the store's topology: one server, or a cluster's primaries (with slots) and replicas.</summary>
public abstract class StoreTopologyTests(ApiFixture fixture) : ApiTests(fixture)
{
    protected abstract string ExpectedMode { get; }

    [SkippableFact]
    public async Task TheStoreAnswerNamesEveryNodeWithItsRole()
    {
        var api = Api;

        var topology = (await api.GetFromJsonAsync<JsonElement>("/api/store")).GetProperty("topology");

        Assert.Equal(ExpectedMode, topology.GetProperty("mode").GetString());
        var nodes = topology.GetProperty("nodes").EnumerateArray().ToList();
        Assert.All(nodes, node => Assert.True(node.GetProperty("connected").GetBoolean()));
        if (ExpectedMode == "cluster")
        {
            // Failover tests share this cluster: a node may have changed role, but three primaries always serve the slots.
            Assert.Equal(6, nodes.Count);
            var primaries = nodes.Where(n => n.GetProperty("role").GetString() == "primary").ToList();
            var replicas = nodes.Where(n => n.GetProperty("role").GetString() == "replica").ToList();
            Assert.Equal(6, primaries.Count + replicas.Count);
            Assert.Equal(3, primaries.Count(p => p.TryGetProperty("slots", out var slots) && !string.IsNullOrEmpty(slots.GetString())));
            Assert.All(replicas, r => Assert.Contains(r.GetProperty("primary").GetString(), primaries.Select(p => p.GetProperty("endpoint").GetString())));
        }
        else
        {
            Assert.Equal("primary", Assert.Single(nodes).GetProperty("role").GetString());
        }
    }
}

[Collection(nameof(RedisApiCollection))]
public sealed class StoreTopologyOnRedisTests(RedisApiFixture fixture) : StoreTopologyTests(fixture)
{
    protected override string ExpectedMode => "standalone";
}

[Collection(nameof(ClusterApiCollection))]
public sealed class StoreTopologyOnClusterTests(ClusterApiFixture fixture) : StoreTopologyTests(fixture)
{
    protected override string ExpectedMode => "cluster";
}
