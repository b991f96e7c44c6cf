using FeatureApi.Requests;
using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeatureApi.Apis;

/// <summary>
/// The seed's users API: <c>/api/users/...</c> is <c>/api/entities/user/...</c> in the seed's shapes (numeric ids,
/// <c>userId</c> fields), answered as before while the repository has the <c>user</c> entity with int64 keys.
/// </summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/users").WithTags("Users").AddEndpointFilter(RequireUserEntityAsync);
        var reads = api.MapGroup("").RequireAuthorization(ApiScopes.Read);
        var writes = api.MapGroup("").RequireAuthorization(ApiScopes.Write);

        writes.MapPut("/{userId}/features", PutUserFeaturesAsync)
            .WithName("PutUserFeatures")
            .WithSummary("Merge stored features into a user's hash; features not named are left as they are.")
            .Accepts<Dictionary<string, double>>("application/json")
            .ChargesWork(RateLimitPolicies.Writes);

        reads.MapGet("/{userId}/features", GetUserFeaturesAsync)
            .WithName("GetUserFeatures")
            .ProducesValidationProblem()
            .WithSummary("A user's stored features and the time of the last write.")
            .ChargesWork(RateLimitPolicies.Reads);

        writes.MapDelete("/{userId}/features", DeleteUserFeaturesAsync)
            .WithName("DeleteUserFeatures")
            .ProducesValidationProblem()
            .WithSummary("Delete a user's stored features.")
            .ChargesWork(RateLimitPolicies.Writes);

        writes.MapPut("/features", PutManyUsersFeaturesAsync)
            .WithName("PutManyUsersFeatures")
            .WithSummary("Bulk upsert for seeding: every user's stored features (one transaction per hash slot, all sent at once), or none on a validation error.")
            .WithDescription("A 503 means the store failed part-way: some users may be written. Writes are merges, so retrying the whole request is safe.")
            .ChargesWork<BulkUpsertRequest>(RateLimitPolicies.Writes, body => body.Users?.Count ?? 1);

        reads.MapGet("/", ListUsersAsync)
            .WithName("ListUsers")
            .WithSummary("User ids in ascending order, a page at a time.")
            .ProducesValidationProblem()
            .ChargesWork(RateLimitPolicies.Reads);

        reads.MapGet("/count", CountUsersAsync)
            .WithName("CountUsers")
            .WithSummary("How many users have stored features.")
            .ChargesWork(RateLimitPolicies.Reads);

        return app;
    }

    /// <summary>Without the seed's user entity these routes have nothing to address: 404, pointing at /api/entities.</summary>
    private static ValueTask<object?> RequireUserEntityAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.RequestServices.GetRequiredService<FeatureRegistry>().UserEntity is not null
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: "This repository has no user entity.",
                detail: "The /api/users routes address the entity 'user' with int64 keys; use /api/entities/{entity} for this repository's entities."));

    // Writes are not abandoned when the caller goes away: once sent, a transaction completes whole either way.
    public static async Task<NoContent> PutUserFeaturesAsync([UserId] string userId, FeatureValues body, FeatureRegistry registry,
        RedisFeatureStore store, CancellationToken cancellationToken)
    {
        await store.WriteAsync(registry.UserEntity!, [body.For(UserKey(userId))]);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<UserFeaturesResponse>, NotFound>> GetUserFeaturesAsync([UserId] string userId, FeatureRegistry registry,
        RedisFeatureStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(registry.UserEntity!, UserKey(userId), cancellationToken) is { } user
            ? TypedResults.Ok(new UserFeaturesResponse(user.Key.Number, user.Features, user.UpdatedAt))
            : TypedResults.NotFound();

    public static async Task<Results<NoContent, NotFound>> DeleteUserFeaturesAsync([UserId] string userId, FeatureRegistry registry,
        RedisFeatureStore store, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await store.DeleteAsync(registry.UserEntity!, UserKey(userId)) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Ok<BulkUpsertResponse>> PutManyUsersFeaturesAsync(BulkUpsertRequest body, FeatureRegistry registry, RedisFeatureStore store,
        CancellationToken cancellationToken)
    {
        var writes = body.Writes();
        await store.WriteAsync(registry.UserEntity!, writes);
        return TypedResults.Ok(new BulkUpsertResponse(writes.Length));
    }

    public static async Task<Ok<UserPageResponse>> ListUsersAsync(FeatureRegistry registry, RedisFeatureStore store, [WholeNumber(1, 1000)] string? limit,
        [Cursor] string? cursor, CancellationToken cancellationToken)
    {
        CursorAttribute.TryParse(cursor, out var after);
        var page = await store.ListAsync(registry.UserEntity!, EntityKey.Of(after), WholeNumberAttribute.Parse(limit, 50), cancellationToken);
        return TypedResults.Ok(new UserPageResponse([.. page.Keys.Select(k => k.Number)], page.NextCursor));
    }

    public static async Task<Ok<UserCountResponse>> CountUsersAsync(FeatureRegistry registry, RedisFeatureStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UserCountResponse(await store.CountAsync(registry.UserEntity!, cancellationToken)));

    private static EntityKey UserKey(string userId) => EntityKey.Of(UserIdAttribute.Parse(userId));
}
