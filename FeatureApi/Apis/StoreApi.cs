using FeatureApi.Requests;
using System.Diagnostics;
using FeatureApi.Apis.Contracts;
using FeatureApi.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace FeatureApi.Apis;

/// <summary>Which store serves the features, and proof that it answers.</summary>
public static class StoreApi
{
    public static IEndpointRouteBuilder MapStoreApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/store").WithTags("Store");

        api.MapGet("/", GetStoreInfoAsync)
            .WithName("GetStoreInfo")
            .WithSummary("The server behind the store (redis or garnet), its version, and whether it answers PING.")
            .RequireAuthorization(ApiScopes.Read)
            .ChargesWork(RateLimitPolicies.Reads);

        api.MapPost("/roundtrip", RoundTripAsync)
            .WithName("StoreRoundTrip")
            .WithSummary("Writes a value to the store, reads it back and deletes it.")
            .RequireAuthorization(ApiScopes.Write)
            .ChargesWork(RateLimitPolicies.Writes);

        return app;
    }

    public static async Task<Ok<StoreInfoResponse>> GetStoreInfoAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        try
        {
            var db = redis.GetDatabase();
            var ping = await db.PingAsync().WaitAsync(cancellationToken);
            var info = await StoreInfo.ReadAsync(db, "server").WaitAsync(cancellationToken);
            // Garnet answers INFO with its own version key; Redis with redis_version.
            var (name, version) = info.TryGetValue("garnet_version", out var garnet) ? ("garnet", garnet)
                : ("redis", info.GetValueOrDefault("redis_version"));
            return TypedResults.Ok(new StoreInfoResponse(name, version, true, ping.TotalMilliseconds, Topology(redis)));
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            return TypedResults.Ok(new StoreInfoResponse("unknown", null, false, null, Topology(redis)));
        }
    }

    /// <summary>
    /// The nodes as the multiplexer knows them (no command sent): on a cluster from its slot map, with the primary a
    /// replica copies and the slots a primary serves; otherwise the one server.
    /// </summary>
    private static StoreTopologyResponse Topology(IConnectionMultiplexer redis)
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

    /// <summary>A write, read and delete of one scratch key, timed end to end.</summary>
    public static async Task<Results<Ok<StoreRoundTrip>, ProblemHttpResult>> RoundTripAsync(IConnectionMultiplexer redis,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var key = new RedisKey($"fs:roundtrip:{Guid.NewGuid():N}");
        var written = Guid.NewGuid().ToString("N");
        var started = Stopwatch.GetTimestamp();

        await db.StringSetAsync(key, written, TimeSpan.FromMinutes(1));
        var read = await db.StringGetDeleteAsync(key);

        var elapsed = Stopwatch.GetElapsedTime(started);
        return read == written
            ? TypedResults.Ok(new StoreRoundTrip(written, read.ToString(), elapsed.TotalMilliseconds))
            : TypedResults.Problem($"The store returned '{read}' for the value just written.", statusCode: StatusCodes.Status502BadGateway);
    }
}

/// <summary>What was written, what came back, and how long the write and read took.</summary>
public sealed record StoreRoundTrip(string Written, string Read, double ElapsedMilliseconds);
