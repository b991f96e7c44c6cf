using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Client;

/// <summary>The client keeps up with FeatureApi: a route added to FeatureApi without a client method fails here.</summary>
public sealed class FeatureApiClientCoverageTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    /// <summary>Every FeatureApi route and the client methods that call it (the round-trip tests prove each one).</summary>
    private static readonly Dictionary<string, string[]> ClientMethods = new()
    {
        ["POST /api/features/extract"] = [nameof(FeatureApiClient.ExtractAsync), nameof(FeatureApiClient.ExtractEntitiesAsync)],
        ["POST /api/features/extract/batch"] = [nameof(FeatureApiClient.ExtractBatchAsync), nameof(FeatureApiClient.ExtractEntitiesBatchAsync)],
        ["POST /api/features/extract/candidates"] = [nameof(FeatureApiClient.ExtractCandidatesAsync)],
        ["GET /api/features/definitions"] = [nameof(FeatureApiClient.GetDefinitionsAsync)],
        ["PUT /api/users/{userId}/features"] = [nameof(FeatureApiClient.UpsertUserAsync)],
        ["GET /api/users/{userId}/features"] = [nameof(FeatureApiClient.GetUserAsync)],
        ["DELETE /api/users/{userId}/features"] = [nameof(FeatureApiClient.DeleteUserAsync)],
        ["PUT /api/users/features"] = [nameof(FeatureApiClient.UpsertUsersAsync)],
        ["GET /api/users"] = [nameof(FeatureApiClient.ListUsersAsync), nameof(FeatureApiClient.GetUsersPageAsync)],
        ["GET /api/users/count"] = [nameof(FeatureApiClient.CountUsersAsync)],
        ["PUT /api/entities/{entity}/{key}/features"] = [nameof(FeatureApiClient.UpsertEntityAsync)],
        ["GET /api/entities/{entity}/{key}/features"] = [nameof(FeatureApiClient.GetEntityAsync)],
        ["DELETE /api/entities/{entity}/{key}/features"] = [nameof(FeatureApiClient.DeleteEntityAsync)],
        ["PUT /api/entities/{entity}/features"] = [nameof(FeatureApiClient.UpsertEntitiesAsync)],
        ["GET /api/entities/{entity}"] = [nameof(FeatureApiClient.ListEntityKeysAsync), nameof(FeatureApiClient.GetEntityKeysPageAsync)],
        ["GET /api/entities/{entity}/count"] = [nameof(FeatureApiClient.CountEntitiesAsync)],
        ["GET /api/registry"] = [nameof(FeatureApiClient.GetRegistryAsync)],
        ["POST /api/registry/plan"] = [nameof(FeatureApiClient.PlanRegistryAsync)],
        ["PUT /api/registry"] = [nameof(FeatureApiClient.ApplyRegistryAsync)],
        ["GET /api/registry/history"] = [nameof(FeatureApiClient.GetRegistryHistoryAsync)],
        ["POST /api/registry/rollback/{version}"] = [nameof(FeatureApiClient.RollbackRegistryAsync)],
        ["GET /api/registry/status"] = [nameof(FeatureApiClient.GetRegistryStatusAsync)],
        ["POST /api/events"] = [nameof(FeatureApiClient.SendEventsAsync)],
        ["GET /api/store"] = [nameof(FeatureApiClient.GetStoreAsync)],
        ["POST /api/store/roundtrip"] = [nameof(FeatureApiClient.RoundTripStoreAsync)],
    };

    [Fact]
    public async Task EveryFeatureApiRouteHasAClientMethod()
    {
        await using var host = new FeatureApiHost(garnet.Store);

        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method => $"{method} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();

        Assert.Equal(ClientMethods.Keys.Order(), routes.Order());
    }
}
