using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;

namespace FeatureAspire.Client;

// Stored features: the seed's /api/users (numeric user ids) and /api/entities/{entity} (any entity of the repository
// served, number or string keys). The two are the same calls on different paths, so they share one implementation.
public sealed partial class FeatureApiClient
{
    /// <summary>Merges stored features into a user's record; features not named are left as they are.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="features">Stored feature name → value (whole numbers for int features).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FeatureApiException">FeatureApi refused a value (400) or the store is unavailable or full (503, 507).</exception>
    public async Task UpsertUserAsync(long userId, IReadOnlyDictionary<string, double> features, CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("upsert_user", users: 1);
        await PutFeaturesAsync(UserPath(userId), features, call, cancellationToken);
    }

    /// <summary>
    /// Writes many users' stored features in one transaction: all of them, or none when any is refused. To write more
    /// users than one request may carry, call it once per chunk; the count it returns is the progress to report.
    /// </summary>
    /// <param name="users">The users (at most FeatureApi's <c>MaxBatchSize</c>, 1000 by default; each user once).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many users were written.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request; <see cref="FeatureApiException.Errors"/> names the items.</exception>
    public async Task<int> UpsertUsersAsync(IReadOnlyList<UserFeatureValues> users, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        using var call = transport.Start("upsert_users", users: users.Count);
        var response = await transport.SendAsync(HttpMethod.Put, "api/users/features",
            new BulkUpsertRequest(users), Json.BulkUpsertRequest, Json.BulkUpsertResponse, call, cancellationToken);
        return response.Written;
    }

    /// <summary>Reads a user's stored features.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored features and the time of the last write, or null when FeatureApi has none for the user.</returns>
    public async Task<UserFeatures?> GetUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("get_user", users: 1);
        return await GetFeaturesAsync(UserPath(userId), Json.UserFeatures, call, cancellationToken);
    }

    /// <summary>Deletes a user's stored features.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when features were deleted; false when FeatureApi had none for the user.</returns>
    public async Task<bool> DeleteUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("delete_user", users: 1);
        return await DeleteFeaturesAsync(UserPath(userId), call, cancellationToken);
    }

    /// <summary>Every user id with stored features, in ascending order, fetched a page at a time as it is enumerated.</summary>
    /// <param name="pageSize">Ids fetched per call (1 to 1000).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The ids; users written while enumerating appear if their id is past the current page.</returns>
    public IAsyncEnumerable<long> ListUsersAsync(int pageSize = 1000, CancellationToken cancellationToken = default) =>
        FollowPagesAsync((cursor, ct) => GetUsersPageAsync(pageSize, cursor, ct), page => (page.UserIds, page.NextCursor), cancellationToken);

    /// <summary>One page of user ids in ascending order, for browsing page by page.</summary>
    /// <param name="limit">Ids per page (1 to 1000).</param>
    /// <param name="cursor">The <see cref="UserPage.NextCursor"/> of the previous page; null for the first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page and the cursor of the next one.</returns>
    public async Task<UserPage> GetUsersPageAsync(int limit = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("list_users");
        return await transport.SendAsync(HttpMethod.Get, PagePath("api/users", limit, cursor), Json.UserPage, call, cancellationToken);
    }

    /// <summary>Counts the users with stored features.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of users.</returns>
    public async Task<long> CountUsersAsync(CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("count_users");
        return (await transport.SendAsync(HttpMethod.Get, "api/users/count", Json.UserCount, call, cancellationToken)).Count;
    }

    /// <summary>Merges stored features into an entity instance's record; features not named are left as they are.</summary>
    /// <param name="entity">The entity, such as <c>item</c>, of the repository FeatureApi serves.</param>
    /// <param name="key">The instance's key, of the entity's key type (<c>"sku-9"</c> for a string entity, <c>101</c> for an int64 one).</param>
    /// <param name="features">Stored feature name → value, of features of <paramref name="entity"/> (whole numbers for int features).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is <c>.</c> or <c>..</c>, which no URL can address: write it with <see cref="UpsertEntitiesAsync"/>.</exception>
    /// <exception cref="FeatureApiException">
    /// FeatureApi refused the request (400 naming <c>entity</c>, <c>key</c> or a feature) or the store is unavailable or full (503, 507).
    /// </exception>
    public async Task UpsertEntityAsync(string entity, EntityKey key, IReadOnlyDictionary<string, double> features,
        CancellationToken cancellationToken = default)
    {
        var path = InstancePath(entity, key);
        using var call = transport.Start("upsert_entity", entity: entity, instances: 1);
        await PutFeaturesAsync(path, features, call, cancellationToken);
    }

    /// <summary>
    /// Writes many instances' stored features of one entity: all of them, or none when any is refused. To write more
    /// than one request may carry, call it once per chunk; the count it returns is the progress to report.
    /// </summary>
    /// <param name="entity">The entity, such as <c>item</c>.</param>
    /// <param name="rows">The instances (at most FeatureApi's <c>MaxBatchSize</c>, 1000 by default; each key once).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many instances were written.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request; <see cref="FeatureApiException.Errors"/> names the rows, such as <c>rows[3].key</c>.</exception>
    public async Task<int> UpsertEntitiesAsync(string entity, IReadOnlyList<EntityFeatureValues> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var path = EntityPath(entity) + "/features";
        using var call = transport.Start("upsert_entities", entity: entity, instances: rows.Count);
        var response = await transport.SendAsync(HttpMethod.Put, path,
            new EntityBulkUpsertRequest(rows), Json.EntityBulkUpsertRequest, Json.BulkUpsertResponse, call, cancellationToken);
        return response.Written;
    }

    /// <summary>Reads an entity instance's stored features.</summary>
    /// <param name="entity">The entity, such as <c>item</c>.</param>
    /// <param name="key">The instance's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored features and the time of the last write, or null when FeatureApi has none for the instance.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is <c>.</c> or <c>..</c>, which no URL can address.</exception>
    /// <exception cref="FeatureApiException">FeatureApi refused the request: a 400 for an unknown entity or a key of the wrong kind.</exception>
    public async Task<EntityFeatures?> GetEntityAsync(string entity, EntityKey key, CancellationToken cancellationToken = default)
    {
        var path = InstancePath(entity, key);
        using var call = transport.Start("get_entity", entity: entity, instances: 1);
        return await GetFeaturesAsync(path, Json.EntityFeatures, call, cancellationToken);
    }

    /// <summary>Deletes an entity instance's stored features.</summary>
    /// <param name="entity">The entity, such as <c>item</c>.</param>
    /// <param name="key">The instance's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when features were deleted; false when FeatureApi had none for the instance.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is <c>.</c> or <c>..</c>, which no URL can address.</exception>
    /// <exception cref="FeatureApiException">FeatureApi refused the request: a 400 for an unknown entity or a key of the wrong kind.</exception>
    public async Task<bool> DeleteEntityAsync(string entity, EntityKey key, CancellationToken cancellationToken = default)
    {
        var path = InstancePath(entity, key);
        using var call = transport.Start("delete_entity", entity: entity, instances: 1);
        return await DeleteFeaturesAsync(path, call, cancellationToken);
    }

    /// <summary>Every key of an entity with stored features, in ascending order, fetched a page at a time as it is enumerated.</summary>
    /// <param name="entity">The entity, such as <c>item</c>.</param>
    /// <param name="pageSize">Keys fetched per call (1 to 1000).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The keys (numbers in numeric order, strings in ordinal order); instances written while enumerating appear if past the current page.</returns>
    public IAsyncEnumerable<EntityKey> ListEntityKeysAsync(string entity, int pageSize = 1000, CancellationToken cancellationToken = default) =>
        FollowPagesAsync((cursor, ct) => GetEntityKeysPageAsync(entity, pageSize, cursor, ct), page => (page.Keys, page.NextCursor), cancellationToken);

    /// <summary>One page of an entity's keys in ascending order, for browsing page by page.</summary>
    /// <param name="entity">The entity, such as <c>item</c>.</param>
    /// <param name="limit">Keys per page (1 to 1000).</param>
    /// <param name="cursor">The <see cref="EntityPage.NextCursor"/> of the previous page; null for the first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page and the cursor of the next one.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request: a 400 for an unknown entity or a limit out of range.</exception>
    public async Task<EntityPage> GetEntityKeysPageAsync(string entity, int limit = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var path = PagePath(EntityPath(entity), limit, cursor);
        using var call = transport.Start("list_entities", entity: entity);
        return await transport.SendAsync(HttpMethod.Get, path, Json.EntityPage, call, cancellationToken);
    }

    /// <summary>Counts the instances of an entity with stored features.</summary>
    /// <param name="entity">The entity, such as <c>item</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of instances.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request: a 400 for an unknown entity.</exception>
    public async Task<long> CountEntitiesAsync(string entity, CancellationToken cancellationToken = default)
    {
        var path = EntityPath(entity) + "/count";
        using var call = transport.Start("count_entities", entity: entity);
        return (await transport.SendAsync(HttpMethod.Get, path, Json.UserCount, call, cancellationToken)).Count;
    }

    private async Task PutFeaturesAsync(string path, IReadOnlyDictionary<string, double> features, FeatureApiCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var response = await transport.SendAsync(HttpMethod.Put, path, transport.Body(features, Json.IReadOnlyDictionaryStringDouble), call,
            cancellationToken);
        await transport.EnsureSuccessAsync(response, call, cancellationToken);
    }

    /// <summary>The stored features at <paramref name="path"/>, or null for FeatureApi's 404 (no features stored).</summary>
    private async Task<T?> GetFeaturesAsync<T>(string path, JsonTypeInfo<T> typeInfo, FeatureApiCall call, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await transport.SendAsync(HttpMethod.Get, path, content: null, call, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        return await transport.ReadAsync(response, typeInfo, call, cancellationToken);
    }

    /// <summary>Deletes the stored features at <paramref name="path"/>: false for FeatureApi's 404 (none stored).</summary>
    private async Task<bool> DeleteFeaturesAsync(string path, FeatureApiCall call, CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(HttpMethod.Delete, path, content: null, call, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await transport.EnsureSuccessAsync(response, call, cancellationToken);
        return true;
    }

    /// <summary>Every key of every page, the next page fetched when the previous one is used up.</summary>
    private static async IAsyncEnumerable<TKey> FollowPagesAsync<TPage, TKey>(Func<string?, CancellationToken, Task<TPage>> fetch,
        Func<TPage, (IReadOnlyList<TKey> Keys, string? NextCursor)> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var (keys, next) = read(await fetch(cursor, cancellationToken));
            foreach (var key in keys)
            {
                yield return key;
            }
            cursor = next;
        }
        while (cursor is not null);
    }

    private static string UserPath(long userId) => string.Create(CultureInfo.InvariantCulture, $"api/users/{userId}/features");

    private static string EntityPath(string entity)
    {
        ArgumentException.ThrowIfNullOrEmpty(entity);
        return "api/entities/" + Uri.EscapeDataString(entity);
    }

    private static string InstancePath(string entity, EntityKey key)
    {
        var segment = key.ToString();
        // A dot segment is removed from the path before routing (by Uri, and by the server once percent-decoded), so
        // "item/../features" would reach another route; such an instance is only reachable in a bulk write's body.
        if (segment is "." or "..")
        {
            throw new ArgumentException($"The key '{segment}' cannot be addressed in a URL; write it with {nameof(UpsertEntitiesAsync)}.", nameof(key));
        }
        return $"{EntityPath(entity)}/{Uri.EscapeDataString(segment)}/features";
    }

    private static string PagePath(string path, int limit, string? cursor) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}?limit={limit}") + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
}
