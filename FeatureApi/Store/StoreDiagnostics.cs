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
            return new StoreInfoResponse(name, version, true, ping.TotalMilliseconds, Topology());
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            return new StoreInfoResponse("unknown", null, false, null, Topology());
        }
    }

    /// <summary>
    /// The nodes as the multiplexer knows them (no command sent): on a cluster from its slot map, with the primary a
    /// replica copies and the slots a primary serves; otherwise the one server.
    /// </summary>
    private StoreTopologyResponse Topology()
    {
        var servers = redis.GetServers();
        var connected = servers.ToDictionary(s => s.EndPoint.ToString()!, s => s.IsConnected);
        if (servers.Select(s => s.ClusterConfiguration).FirstOrDefault(c => c is not null) is { } cluster)
        {
            var endpoints = cluster.Nodes.ToDictionary(n => n.NodeId, n => n.EndPoint?.ToString() ?? "?");
            return new StoreTopologyResponse("cluster", [.. cluster.Nodes
                .OrderBy(n => n.IsReplica).ThenBy(n => n.EndPoint?.ToString(), StringComparer.Ordinal)
                .Select(n => new StoreNodeResponse(n.EndPoint?.ToString() ?? "?", n.IsReplica ? "replica" : "primary",
                    connected.GetValueOrDefault(n.EndPoint?.ToString() ?? ""),
                    n.ParentNodeId is { } parent ? endpoints.GetValueOrDefault(parent) : null,
                    n.Slots.Count == 0 ? null : string.Join(",", n.Slots.Select(slot => slot.From == slot.To ? $"{slot.From}" : $"{slot.From}-{slot.To}"))))]);
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
