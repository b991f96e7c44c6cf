using FeatureApi.Apis.Contracts;
using FeatureApi.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeatureApi.Apis;

/// <summary>Writing, reading, deleting and browsing users' stored features.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("Users");
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

    // Writes are not abandoned when the caller goes away: once sent, a transaction completes whole either way.
    public static async Task<NoContent> PutUserFeaturesAsync([UserId] string userId, FeatureValues body, RedisFeatureStore store,
        CacheInvalidation invalidation, CancellationToken cancellationToken)
    {
        var id = UserIdAttribute.Parse(userId);
        await store.WriteAsync([body.For(id)]);
        await invalidation.PublishAsync([id]);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<UserFeaturesResponse>, NotFound>> GetUserFeaturesAsync([UserId] string userId, RedisFeatureStore store,
        CancellationToken cancellationToken) =>
        await store.GetAsync(UserIdAttribute.Parse(userId), cancellationToken) is { } user
            ? TypedResults.Ok(new UserFeaturesResponse(user.UserId, user.Features, user.UpdatedAt))
            : TypedResults.NotFound();

    public static async Task<Results<NoContent, NotFound>> DeleteUserFeaturesAsync([UserId] string userId, RedisFeatureStore store,
        CacheInvalidation invalidation, CancellationToken cancellationToken)
    {
        var id = UserIdAttribute.Parse(userId);
        cancellationToken.ThrowIfCancellationRequested();
        var deleted = await store.DeleteAsync(id);
        await invalidation.PublishAsync([id]);
        return deleted ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Ok<BulkUpsertResponse>> PutManyUsersFeaturesAsync(BulkUpsertRequest body, RedisFeatureStore store,
        CacheInvalidation invalidation, CancellationToken cancellationToken)
    {
        var writes = body.Writes();
        await store.WriteAsync(writes);
        await invalidation.PublishAsync(writes.Select(write => write.UserId));
        return TypedResults.Ok(new BulkUpsertResponse(writes.Length));
    }

    public static async Task<Ok<UserPageResponse>> ListUsersAsync(RedisFeatureStore store, [WholeNumber(1, 1000)] string? limit,
        [Cursor] string? cursor, CancellationToken cancellationToken)
    {
        CursorAttribute.TryParse(cursor, out var after);
        var page = await store.ListAsync(after, WholeNumberAttribute.Parse(limit, 50), cancellationToken);
        return TypedResults.Ok(new UserPageResponse(page.UserIds, page.NextCursor));
    }

    public static async Task<Ok<UserCountResponse>> CountUsersAsync(RedisFeatureStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UserCountResponse(await store.CountAsync(cancellationToken)));
}
