using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace FeatureApi.Apis;

/// <summary>Endpoints that tell which store serves the features and prove it answers.</summary>
public static class StoreApi
{
    public static IEndpointRouteBuilder MapStoreApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/store").WithTags("Store");

        api.MapPost("/roundtrip", RoundTripAsync)
            .WithName("StoreRoundTrip")
            .WithSummary("Writes a value to the store, reads it back and deletes it.");

        return app;
    }

    /// <summary>A write, read and delete of one scratch key, timed end to end.</summary>
    public static async Task<Results<Ok<StoreRoundTrip>, ProblemHttpResult>> RoundTripAsync(
        IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var key = new RedisKey($"fs:roundtrip:{Guid.NewGuid():N}");
        var written = Guid.NewGuid().ToString("N");
        var started = Stopwatch.GetTimestamp();

        await db.StringSetAsync(key, written, TimeSpan.FromMinutes(1));
        var read = await db.StringGetDeleteAsync(key);

        var elapsed = Stopwatch.GetElapsedTime(started);
        return read == written
            ? TypedResults.Ok(new StoreRoundTrip(written, read.ToString(), elapsed.TotalMilliseconds))
            : TypedResults.Problem($"The store returned '{read}' for the value just written.", statusCode: 502);
    }
}

/// <summary>What was written, what came back, and how long the write and read took.</summary>
public sealed record StoreRoundTrip(string Written, string Read, double ElapsedMilliseconds);
