using System.Globalization;
using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Json;
using FeatureApi.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FeatureApi.Apis;

/// <summary>Writing, reading, deleting and browsing users' stored features.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("Users");
        var reads = api.MapGroup("").RequireAuthorization(ApiScopes.Read).RequireRateLimits(app, RateLimitPolicies.Reads);
        var writes = api.MapGroup("").RequireAuthorization(ApiScopes.Write).RequireRateLimits(app, RateLimitPolicies.Writes);

        writes.MapPut("/{userId}/features", PutUserFeaturesAsync)
            .WithName("PutUserFeatures")
            .WithSummary("Merge stored features into a user's hash; features not named are left as they are.")
            .Accepts<Dictionary<string, double>>("application/json");

        reads.MapGet("/{userId}/features", GetUserFeaturesAsync)
            .WithName("GetUserFeatures")
            .WithSummary("A user's stored features and the time of the last write.");

        writes.MapDelete("/{userId}/features", DeleteUserFeaturesAsync)
            .WithName("DeleteUserFeatures")
            .WithSummary("Delete a user's stored features.");

        writes.MapPut("/features", PutManyUsersFeaturesAsync)
            .WithName("PutManyUsersFeatures")
            .WithSummary("Bulk upsert for seeding: every user's stored features (one transaction per hash slot, all sent at once), or none on a validation error.")
            .WithDescription("A 503 means the store failed part-way: some users may be written. Writes are merges, so retrying the whole request is safe.")
            .Accepts<BulkUpsertRequest>("application/json");

        reads.MapGet("/", ListUsersAsync)
            .WithName("ListUsers")
            .WithSummary("User ids in ascending order, a page at a time.");

        reads.MapGet("/count", CountUsersAsync)
            .WithName("CountUsers")
            .WithSummary("How many users have stored features.");

        return app;
    }

    // Writes are not abandoned when the caller goes away: once sent, a transaction completes whole either way.
    public static async Task<Results<NoContent, ValidationProblem>> PutUserFeaturesAsync(
        string userId, HttpRequest request, RedisFeatureStore store, CacheInvalidation invalidation, FeatureRegistry registry,
        IOptions<FeatureServingOptions> options, CancellationToken cancellationToken)
    {
        if (ParseUserId(userId, out var id) is { } userIdProblem)
        {
            return userIdProblem;
        }
        var errors = new ValidationErrors();
        var body = await RequestBody.ReadAsync(request, FeatureJsonContext.Default.DictionaryStringJsonElement, errors, cancellationToken);
        var values = body is null ? null : RequestValidation.StoredValues(registry, body, options.Value.MaxValueMagnitude, "", errors);
        if (errors.ToProblem() is { } problem)
        {
            return problem;
        }

        await store.WriteAsync([new StoredFeatureValues(id, values!)]);
        await invalidation.PublishAsync([id]);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<UserFeaturesResponse>, NotFound, ValidationProblem>> GetUserFeaturesAsync(
        string userId, RedisFeatureStore store, CancellationToken cancellationToken)
    {
        if (ParseUserId(userId, out var id) is { } problem)
        {
            return problem;
        }

        return await store.GetAsync(id, cancellationToken) is { } user
            ? TypedResults.Ok(new UserFeaturesResponse(user.UserId, user.Features, user.UpdatedAt))
            : TypedResults.NotFound();
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteUserFeaturesAsync(
        string userId, RedisFeatureStore store, CacheInvalidation invalidation, CancellationToken cancellationToken)
    {
        if (ParseUserId(userId, out var id) is { } problem)
        {
            return problem;
        }
        cancellationToken.ThrowIfCancellationRequested();

        var deleted = await store.DeleteAsync(id);
        await invalidation.PublishAsync([id]);
        return deleted ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<BulkUpsertResponse>, ValidationProblem>> PutManyUsersFeaturesAsync(
        HttpRequest request, RedisFeatureStore store, CacheInvalidation invalidation, FeatureRegistry registry,
        IOptions<FeatureServingOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (_, writes) = await RequestItems.ReadAsync(request, FeatureJsonContext.Default.BulkUpsertRequest, static body => body.Users,
            "users", options.Value.MaxBatchSize, new StoredUserRule(registry, options.Value.MaxValueMagnitude), errors, cancellationToken);
        if (errors.ToProblem() is { } problem)
        {
            return problem;
        }

        await store.WriteAsync(writes!);
        await invalidation.PublishAsync(writes!.Select(write => write.UserId));
        return TypedResults.Ok(new BulkUpsertResponse(writes!.Length));
    }

    public static async Task<Results<Ok<UserPageResponse>, ValidationProblem>> ListUsersAsync(
        RedisFeatureStore store, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var pageSize = limit ?? 50;
        if (pageSize is < 1 or > 1000)
        {
            errors["limit"] = ["limit must be between 1 and 1000."];
        }
        long after = 0;
        if (cursor is not null && !(long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after) && after >= 0))
        {
            errors["cursor"] = ["cursor must be a nextCursor returned by this endpoint."];
        }
        if (errors.ToProblem() is { } problem)
        {
            return problem;
        }

        var page = await store.ListAsync(after, pageSize, cancellationToken);
        return TypedResults.Ok(new UserPageResponse(page.UserIds, page.NextCursor));
    }

    public static async Task<Ok<UserCountResponse>> CountUsersAsync(RedisFeatureStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UserCountResponse(await store.CountAsync(cancellationToken)));

    /// <summary>The route's user id, parsed here rather than by a route constraint so a bad one gets a problem that names it.</summary>
    private static ValidationProblem? ParseUserId(string userId, out long id) =>
        long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0
            ? null
            : ValidationErrors.Single("userId", "userId must be a positive 64-bit integer.");

    /// <summary>One user of a bulk write: valid stored values, and no user twice (the write would be ambiguous).</summary>
    private sealed class StoredUserRule(FeatureRegistry registry, double maxMagnitude) : IItemRule<UserFeaturesItem, StoredFeatureValues>
    {
        private readonly HashSet<long> seen = [];

        public bool TryValidate(UserFeaturesItem item, FieldPath at, ValidationErrors errors, out StoredFeatureValues result)
        {
            var before = errors.Count;
            result = RequestValidation.StoredUser(registry, item.UserId, item.Features, maxMagnitude, at, errors)!;
            if (result is not null && !seen.Add(result.UserId))
            {
                errors[at.Of("userId")] = [$"User {result.UserId} appears more than once."];
            }
            return result is not null && errors.Count == before;
        }
    }
}
