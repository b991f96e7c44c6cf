using System.Diagnostics;
using FeatureApi.Apis.Contracts;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>What the store is and whether it answers: its server and version, its nodes, and a timed round trip.</summary>
public sealed class StoreDiagnostics(IConnectionMultiplexer redis)
{
    /// <summary>The server behind the store (redis or garnet), its version and PING time, and its topology; "unknown" when it does not answer.</summary>
    public async Task<StoreInfoResponse> InfoAsync(CancellationToken cancellationToken)
    {
        try
        {
            var db = redis.GetDatabase();
            var ping = await db.PingAsync().WaitAsync(cancellationToken);
            var info = await StoreInfo.ReadAsync(db, "server").WaitAsync(cancellationToken);
            // Garnet answers INFO with its own version key; Redis with redis_version.
            var (name, version) = info.TryGetValue("garnet_version", out var garnet) ? ("garnet", garnet)
                : ("redis", info.GetValueOrDefault("redis_version"));
            return new StoreInfoResponse(name, version, true, ping.TotalMilliseconds, Topology(await RolesAsync(cancellationToken)));
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            return new StoreInfoResponse("unknown", null, false, null, Topology(null));
        }
    }

    /// <summary>
    /// On a cluster, each connected node's role as it says it now (INFO replication, one command per node): the
    /// multiplexer's slot map is refreshed only when slots move, so it can still call a node primary that has since
    /// become a replica. Keyed by endpoint; the value is the primary a replica copies, or null for a primary.
    /// </summary>
    private async Task<Dictionary<string, string?>?> RolesAsync(CancellationToken cancellationToken)
    {
        if (!StoreTopology.IsCluster(redis))
        {
            return null;
        }
        var servers = redis.GetServers().Where(s => s.IsConnected).ToArray();
        var replies = await Task.WhenAll(servers.Select(server => ReplicationAsync(server, cancellationToken)));
        var roles = new Dictionary<string, string?>();
        for (var i = 0; i < servers.Length; i++)
        {
            if (replies[i] is { } info)
            {
                roles[servers[i].EndPoint.ToString()!] = info.GetValueOrDefault("role") == "slave"
                    ? $"{info.GetValueOrDefault("master_host")}:{info.GetValueOrDefault("master_port")}"
                    : null;
            }
        }
        return roles;
    }

    private static async Task<Dictionary<string, string>?> ReplicationAsync(IServer server, CancellationToken cancellationToken)
    {
        try
        {
            return await StoreInfo.ReadAsync(server, "replication").WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// The nodes: on a cluster from the multiplexer's slot map with each node's role as <paramref name="roles"/> says it
    /// (the primary a replica copies, the slots a primary serves); otherwise the one server.
    /// </summary>
    private StoreTopologyResponse Topology(Dictionary<string, string?>? roles)
    {
        var servers = redis.GetServers();
        var connected = servers.ToDictionary(s => s.EndPoint.ToString()!, s => s.IsConnected);
        if (servers.Select(s => s.ClusterConfiguration).FirstOrDefault(c => c is not null) is { } cluster)
        {
            var endpoints = cluster.Nodes.ToDictionary(n => n.NodeId, n => n.EndPoint?.ToString() ?? "?");
            var nodes = new List<StoreNodeResponse>();
            foreach (var node in cluster.Nodes)
            {
                var endpoint = node.EndPoint?.ToString() ?? "?";
                // What the node says now wins over the slot map's memory of it.
                var primary = roles is not null && roles.TryGetValue(endpoint, out var said) ? said
                    : node.ParentNodeId is { } parent ? endpoints.GetValueOrDefault(parent) : null;
                var replica = primary is not null || (roles?.ContainsKey(endpoint) != true && node.IsReplica);
                nodes.Add(new StoreNodeResponse(endpoint, replica ? "replica" : "primary", connected.GetValueOrDefault(endpoint), primary,
                    replica || node.Slots.Count == 0 ? null : string.Join(",", node.Slots.Select(slot => slot.From == slot.To ? $"{slot.From}" : $"{slot.From}-{slot.To}"))));
            }
            return new StoreTopologyResponse("cluster", [.. nodes.OrderBy(n => n.Role == "replica").ThenBy(n => n.Endpoint, StringComparer.Ordinal)]);
        }
        return new StoreTopologyResponse("standalone", [.. servers.Select(s => new StoreNodeResponse(s.EndPoint.ToString()!, s.IsReplica ? "replica" : "primary", s.IsConnected))]);
    }

    /// <summary>A write, read and delete of one scratch key, timed end to end; null when the value read back is not the one written.</summary>
    public async Task<StoreRoundTrip?> RoundTripAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var key = new RedisKey($"fs:roundtrip:{Guid.NewGuid():N}");
        var written = Guid.NewGuid().ToString("N");
        var started = Stopwatch.GetTimestamp();

        await db.StringSetAsync(key, written, TimeSpan.FromMinutes(1));
        var read = await db.StringGetDeleteAsync(key);

        return read == written ? new StoreRoundTrip(written, read.ToString(), Stopwatch.GetElapsedTime(started).TotalMilliseconds) : null;
    }
}
