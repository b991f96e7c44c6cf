using System.Globalization;
using System.Text.Json;
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

        api.MapPut("/{userId}/features", PutUserFeaturesAsync)
            .WithName("PutUserFeatures")
            .WithSummary("Merge stored features into a user's hash; features not named are left as they are.")
            .Accepts<Dictionary<string, double>>("application/json")
            .ProducesValidationProblem();

        api.MapGet("/{userId}/features", GetUserFeaturesAsync)
            .WithName("GetUserFeatures")
            .WithSummary("A user's stored features and the time of the last write.");

        api.MapDelete("/{userId}/features", DeleteUserFeaturesAsync)
            .WithName("DeleteUserFeatures")
            .WithSummary("Delete a user's stored features.");

        api.MapPut("/features", PutManyUsersFeaturesAsync)
            .WithName("PutManyUsersFeatures")
            .WithSummary("Bulk upsert for seeding: every user's stored features in one transaction, or none on a validation error.")
            .Accepts<BulkUpsertRequest>("application/json")
            .ProducesValidationProblem();

        api.MapGet("/", ListUsersAsync)
            .WithName("ListUsers")
            .WithSummary("User ids in ascending order, a page at a time.");

        api.MapGet("/count", CountUsersAsync)
            .WithName("CountUsers")
            .WithSummary("How many users have stored features.");

        return app;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> PutUserFeaturesAsync(
        string userId, HttpRequest request, RedisFeatureStore store, StoredFeatureCache cache, FeatureRegistry registry,
        CancellationToken cancellationToken)
    {
        if (ParseUserId(userId, out var id) is { } userIdProblem)
        {
            return userIdProblem;
        }
        var (body, problem) = await RequestBody.ReadAsync(request, FeatureJsonContext.Default.DictionaryStringJsonElement, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var values = RequestValidation.StoredValues(registry, body, "", errors);
        if (errors.Count > 0)
        {
            return RequestBody.Invalid(errors);
        }

        await store.WriteAsync([new StoredFeatureValues(id, values)]);
        cache.Invalidate(id);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<UserFeaturesResponse>, NotFound, ProblemHttpResult>> GetUserFeaturesAsync(
        string userId, RedisFeatureStore store)
    {
        if (ParseUserId(userId, out var id) is { } problem)
        {
            return problem;
        }

        return await store.GetAsync(id) is { } user
            ? TypedResults.Ok(new UserFeaturesResponse(user.UserId, user.Features, user.UpdatedAt))
            : TypedResults.NotFound();
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteUserFeaturesAsync(
        string userId, RedisFeatureStore store, StoredFeatureCache cache)
    {
        if (ParseUserId(userId, out var id) is { } problem)
        {
            return problem;
        }

        var deleted = await store.DeleteAsync(id);
        cache.Invalidate(id);
        return deleted ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<BulkUpsertResponse>, ProblemHttpResult>> PutManyUsersFeaturesAsync(
        HttpRequest request, RedisFeatureStore store, StoredFeatureCache cache, FeatureRegistry registry,
        IOptions<FeatureServingOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, FeatureJsonContext.Default.BulkUpsertRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var users = body!.Users;
        if (RequestValidation.ListSize(users, "users", options.Value.MaxBatchSize) is { } sizeProblem)
        {
            return sizeProblem;
        }

        var errors = new Dictionary<string, string[]>();
        var writes = new List<StoredFeatureValues>(users!.Count);
        var seen = new HashSet<long>();
        for (var i = 0; i < users.Count; i++)
        {
            if (users[i] is not { } user)
            {
                errors[$"users[{i}]"] = ["A user must be an object."];
            }
            else if (RequestValidation.StoredUser(registry, user.UserId, user.Features, new FieldPath("users", i), errors) is { } write)
            {
                if (!seen.Add(write.UserId))
                {
                    errors[$"users[{i}].userId"] = [$"User {write.UserId} appears more than once."];
                }
                writes.Add(write);
            }
        }
        if (errors.Count > 0)
        {
            return RequestBody.Invalid(errors);
        }

        await store.WriteAsync(writes);
        foreach (var write in writes)
        {
            cache.Invalidate(write.UserId);
        }
        return TypedResults.Ok(new BulkUpsertResponse(writes.Count));
    }

    public static async Task<Results<Ok<UserPageResponse>, ProblemHttpResult>> ListUsersAsync(
        RedisFeatureStore store, int? limit, string? cursor)
    {
        var errors = new Dictionary<string, string[]>();
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
        if (errors.Count > 0)
        {
            return RequestBody.Invalid(errors);
        }

        var page = await store.ListAsync(after, pageSize);
        return TypedResults.Ok(new UserPageResponse(page.UserIds, page.NextCursor));
    }

    public static async Task<Ok<UserCountResponse>> CountUsersAsync(RedisFeatureStore store) =>
        TypedResults.Ok(new UserCountResponse(await store.CountAsync()));

    /// <summary>The route's user id, parsed here rather than by a route constraint so a bad one gets a problem that names it.</summary>
    private static ProblemHttpResult? ParseUserId(string userId, out long id) =>
        long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0
            ? null
            : RequestBody.Invalid("userId", "userId must be a positive 64-bit integer.");
}
