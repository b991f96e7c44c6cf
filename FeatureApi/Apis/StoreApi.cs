using FeatureApi.Requests;
using FeatureApi.Apis.Contracts;
using FeatureApi.Store;
using Microsoft.AspNetCore.Http.HttpResults;

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

    public static async Task<Ok<StoreInfoResponse>> GetStoreInfoAsync(StoreDiagnostics store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.InfoAsync(cancellationToken));

    /// <summary>A write, read and delete of one scratch key, timed end to end.</summary>
    public static async Task<Results<Ok<StoreRoundTrip>, ProblemHttpResult>> RoundTripAsync(StoreDiagnostics store, CancellationToken cancellationToken) =>
        await store.RoundTripAsync(cancellationToken) is { } roundTrip
            ? TypedResults.Ok(roundTrip)
            : TypedResults.Problem("The store returned another value than the one just written.", statusCode: StatusCodes.Status502BadGateway);
}

/// <summary>What was written, what came back, and how long the write and read took.</summary>
public sealed record StoreRoundTrip(string Written, string Read, double ElapsedMilliseconds);
