using FeatureApi.Requests;
using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeatureApi.Apis;

/// <summary>
/// Writing, reading, deleting and browsing any entity's stored features: <c>/api/entities/{entity}/{key}/features</c>.
/// The entity and its key type come from the repository version served; <c>/api/users</c> is the same for the seed's user.
/// </summary>
public static class EntitiesApi
{
    public static IEndpointRouteBuilder MapEntitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/entities/{entity}").WithTags("Entities");
        var reads = api.MapGroup("").RequireAuthorization(ApiScopes.Read);
        var writes = api.MapGroup("").RequireAuthorization(ApiScopes.Write);

        writes.MapPut("/{key}/features", PutFeaturesAsync)
            .WithName("PutEntityFeatures")
            .WithSummary("Merge stored features into an instance's hash; features not named are left as they are.")
            .Accepts<Dictionary<string, double>>("application/json")
            .ChargesWork(RateLimitPolicies.Writes);

        reads.MapGet("/{key}/features", GetFeaturesAsync)
            .WithName("GetEntityFeatures")
            .WithSummary("An instance's stored features and the time of the last write.")
            .ProducesValidationProblem()
            .ChargesWork(RateLimitPolicies.Reads);

        writes.MapDelete("/{key}/features", DeleteFeaturesAsync)
            .WithName("DeleteEntityFeatures")
            .WithSummary("Delete an instance's stored features.")
            .ProducesValidationProblem()
            .ChargesWork(RateLimitPolicies.Writes);

        writes.MapPut("/features", PutManyFeaturesAsync)
            .WithName("PutManyEntityFeatures")
            .WithSummary("Bulk upsert: {\"rows\":[{\"key\":…,\"features\":{…}}]}, every row or none on a validation error.")
            .WithDescription("A 503 means the store failed part-way: some rows may be written. Writes are merges, so retrying the whole request is safe.")
            .ChargesWork<EntityBulkUpsertRequest>(RateLimitPolicies.Writes, body => body.Rows?.Count ?? 1);

        reads.MapGet("/", ListAsync)
            .WithName("ListEntityKeys")
            .WithSummary("An entity's keys in ascending order, a page at a time.")
            .ProducesValidationProblem()
            .ChargesWork(RateLimitPolicies.Reads);

        reads.MapGet("/count", CountAsync)
            .WithName("CountEntityKeys")
            .WithSummary("How many instances of an entity have stored features.")
            .ProducesValidationProblem()
            .ChargesWork(RateLimitPolicies.Reads);

        return app;
    }

    // Writes are not abandoned when the caller goes away: once sent, a transaction completes whole either way.
    public static async Task<NoContent> PutFeaturesAsync([AsParameters] EntityKeyRoute route, FeatureValues body, FeatureRegistry registry,
        RedisFeatureStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(route.Definition(registry), [body.For(route.KeyOf(registry))]);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<EntityFeaturesResponse>, NotFound>> GetFeaturesAsync([AsParameters] EntityKeyRoute route, FeatureRegistry registry,
        RedisFeatureStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(route.Definition(registry), route.KeyOf(registry), cancellationToken) is { } found
            ? TypedResults.Ok(new EntityFeaturesResponse(route.Entity, found.Key, found.Features, found.UpdatedAt))
            : TypedResults.NotFound();

    public static async Task<Results<NoContent, NotFound>> DeleteFeaturesAsync([AsParameters] EntityKeyRoute route, FeatureRegistry registry,
        RedisFeatureStore store, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await store.DeleteAsync(route.Definition(registry), route.KeyOf(registry)) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Ok<BulkUpsertResponse>> PutManyFeaturesAsync([AsParameters] EntityRoute route, EntityBulkUpsertRequest body,
        FeatureRegistry registry, RedisFeatureStore store, CancellationToken cancellationToken)
    {
        var writes = body.Writes();
        await store.WriteAsync(route.Definition(registry), writes);
        return TypedResults.Ok(new BulkUpsertResponse(writes.Length));
    }

    public static async Task<Ok<EntityPageResponse>> ListAsync([AsParameters] EntityRoute route, FeatureRegistry registry, RedisFeatureStore store,
        [WholeNumber(1, 1000)] string? limit, string? cursor, CancellationToken cancellationToken)
    {
        var entity = route.Definition(registry);
        var after = cursor is null ? (EntityKey?)null : entity.KeyType == EntityKeyType.Int64 && long.TryParse(cursor, out var n) ? EntityKey.Of(n) : EntityKey.Of(cursor);
        var page = await store.ListAsync(entity, after, WholeNumberAttribute.Parse(limit, 50), cancellationToken);
        return TypedResults.Ok(new EntityPageResponse(entity.Name, page.Keys, page.NextCursor));
    }

    public static async Task<Ok<UserCountResponse>> CountAsync([AsParameters] EntityRoute route, FeatureRegistry registry, RedisFeatureStore store,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(new UserCountResponse(await store.CountAsync(route.Definition(registry), cancellationToken)));

}
