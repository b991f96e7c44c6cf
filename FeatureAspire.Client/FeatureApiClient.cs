using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;

namespace FeatureAspire.Client;

/// <summary>
/// Typed client for FeatureApi, FeatureAspire's feature server: every endpoint as one method, the contract's types,
/// <see cref="FeatureApiException"/> for a refused request. Thread-safe; in an Aspire service register it with
/// <c>builder.AddFeatureApiClient("featureapi")</c>, anywhere else construct it around an <see cref="HttpClient"/>.
/// </summary>
public sealed partial class FeatureApiClient
{
    /// <summary>The header that carries the API key.</summary>
    public const string ApiKeyHeaderName = "X-API-Key";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name of the client's spans, one per call.</summary>
    public const string ActivitySourceName = FeatureApiTelemetry.ActivitySourceName;

    private static FeatureApiJsonContext Json => FeatureApiJsonContext.Default;

    private readonly FeatureApiTransport transport;

    /// <summary>Creates a client that sends through <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">
    /// The client to send with; its <see cref="HttpClient.BaseAddress"/> is FeatureApi's address, such as
    /// <c>http://localhost:5180</c>. Its resilience (if any) is what the calls get.
    /// </param>
    /// <param name="apiKey">The key sent as <c>X-API-Key</c> with every call, or null for a FeatureApi that runs open.</param>
    /// <exception cref="ArgumentException"><paramref name="httpClient"/> has no base address.</exception>
    public FeatureApiClient(HttpClient httpClient, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress: FeatureApi's address, such as http://localhost:5180.", nameof(httpClient));
        }
        transport = new FeatureApiTransport(httpClient, string.IsNullOrEmpty(apiKey) ? null : apiKey);
    }

    /// <summary>FeatureApi's address.</summary>
    public Uri BaseAddress => transport.BaseAddress;

    /// <summary>Extracts one user's feature vector.</summary>
    /// <param name="userId">The user whose stored and live features are looked up.</param>
    /// <param name="currentValue">The request's <c>current_value</c>.</param>
    /// <param name="features">Features to return, in this order; the default set (the derived features) when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The vector; when the store failed or was slow it is still an answer, with <see cref="FeatureVector.Degraded"/> set.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request, for example a 400 naming an unknown feature.</exception>
    public async Task<FeatureVector> ExtractAsync(long userId, double currentValue, IReadOnlyList<string>? features = null,
        CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("extract", users: 1);
        var vector = await transport.SendAsync(HttpMethod.Post, "api/features/extract",
            new ExtractRequest(userId, currentValue, features), Json.ExtractRequest, Json.FeatureVector, call, cancellationToken);
        call.Degraded(vector.Degraded ? 1 : 0);
        return vector;
    }

    /// <summary>Extracts many users' feature vectors in one call and one store exchange.</summary>
    /// <param name="requests">The extracts (at most FeatureApi's <c>MaxBatchSize</c>, 1000 by default).</param>
    /// <param name="features">Features to return for every request; the default set when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One vector per request, in request order.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request; <see cref="FeatureApiException.Errors"/> names the items.</exception>
    public async Task<IReadOnlyList<FeatureVector>> ExtractBatchAsync(IReadOnlyList<BatchExtractItem> requests,
        IReadOnlyList<string>? features = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        using var call = transport.Start("extract_batch", users: requests.Count);
        var response = await transport.SendAsync(HttpMethod.Post, "api/features/extract/batch",
            new BatchExtractRequest(requests, features), Json.BatchExtractRequest, Json.BatchExtractResponse, call, cancellationToken);
        call.Degraded(response.Results.Count(v => v.Degraded));
        return response.Results;
    }

    /// <summary>Lists every feature FeatureApi serves.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The registry, inputs before the features computed from them.</returns>
    public async Task<IReadOnlyList<FeatureDefinition>> GetDefinitionsAsync(CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("definitions");
        return await transport.SendAsync(HttpMethod.Get, "api/features/definitions", Json.FeatureDefinitionArray, call, cancellationToken);
    }

    /// <summary>Merges stored features into a user's record; features not named are left as they are.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="features">Stored feature name → value (whole numbers for int features).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FeatureApiException">FeatureApi refused a value (400) or the store is unavailable or full (503, 507).</exception>
    public async Task UpsertUserAsync(long userId, IReadOnlyDictionary<string, double> features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var call = transport.Start("upsert_user", users: 1);
        using var response = await transport.SendAsync(HttpMethod.Put, UserPath(userId),
            transport.Body(features, Json.IReadOnlyDictionaryStringDouble), call, cancellationToken);
        await transport.EnsureSuccessAsync(response, call, cancellationToken);
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
        using var response = await transport.SendAsync(HttpMethod.Get, UserPath(userId), content: null, call, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        return await transport.ReadAsync(response, Json.UserFeatures, call, cancellationToken);
    }

    /// <summary>Deletes a user's stored features.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when features were deleted; false when FeatureApi had none for the user.</returns>
    public async Task<bool> DeleteUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("delete_user", users: 1);
        using var response = await transport.SendAsync(HttpMethod.Delete, UserPath(userId), content: null, call, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await transport.EnsureSuccessAsync(response, call, cancellationToken);
        return true;
    }

    /// <summary>Every user id with stored features, in ascending order, fetched a page at a time as it is enumerated.</summary>
    /// <param name="pageSize">Ids fetched per call (1 to 1000).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The ids; users written while enumerating appear if their id is past the current page.</returns>
    public async IAsyncEnumerable<long> ListUsersAsync(int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await GetUsersPageAsync(pageSize, cursor, cancellationToken);
            foreach (var userId in page.UserIds)
            {
                yield return userId;
            }
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>One page of user ids in ascending order, for browsing page by page.</summary>
    /// <param name="limit">Ids per page (1 to 1000).</param>
    /// <param name="cursor">The <see cref="UserPage.NextCursor"/> of the previous page; null for the first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page and the cursor of the next one.</returns>
    public async Task<UserPage> GetUsersPageAsync(int limit = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("list_users");
        var path = string.Create(CultureInfo.InvariantCulture, $"api/users?limit={limit}")
            + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
        return await transport.SendAsync(HttpMethod.Get, path, Json.UserPage, call, cancellationToken);
    }

    /// <summary>Counts the users with stored features.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of users.</returns>
    public async Task<long> CountUsersAsync(CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("count_users");
        return (await transport.SendAsync(HttpMethod.Get, "api/users/count", Json.UserCount, call, cancellationToken)).Count;
    }

    /// <summary>
    /// Sends live events, validated whole and written in one transaction. An event without an
    /// <see cref="LiveEvent.EventId"/> gets a new one before the first attempt, so a retry of this call by the
    /// resilience handler never counts it twice; give events your own ids to make your own retries safe too.
    /// </summary>
    /// <param name="events">The events (at most FeatureApi's <c>MaxEventsPerRequest</c>, 10,000 by default).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many events were counted, and how many were duplicates of events already accepted.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request (nothing was written); <see cref="FeatureApiException.Errors"/> names the events.</exception>
    public async Task<EventsAccepted> SendEventsAsync(IReadOnlyList<LiveEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var call = transport.Start("send_events", events: events.Count);
        LiveEvent[] identified = [.. events.Select(e => e.EventId is null ? e with { EventId = Guid.NewGuid().ToString("N") } : e)];
        return await transport.SendAsync(HttpMethod.Post, "api/events",
            new IngestEventsRequest(identified), Json.IngestEventsRequest, Json.EventsAccepted, call, cancellationToken);
    }

    /// <summary>Which server stores the features and whether it answers.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The store's kind, version and health as FeatureApi sees them; never an error for a store that is down.</returns>
    public async Task<StoreInfo> GetStoreAsync(CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("store");
        return await transport.SendAsync(HttpMethod.Get, "api/store", Json.StoreInfo, call, cancellationToken);
    }

    /// <summary>Has FeatureApi write a scratch value to the store, read it back and delete it.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was written and read, and how long it took.</returns>
    public async Task<StoreRoundTrip> RoundTripStoreAsync(CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("store_roundtrip");
        using var response = await transport.SendAsync(HttpMethod.Post, "api/store/roundtrip", content: null, call, cancellationToken);
        return await transport.ReadAsync(response, Json.StoreRoundTrip, call, cancellationToken);
    }

    /// <summary>FeatureApi's own health (<c>GET /health</c>), which includes its store's.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether every check passes and the text FeatureApi answered; never throws for an unhealthy answer.</returns>
    public Task<FeatureApiHealth> GetHealthAsync(CancellationToken cancellationToken = default) =>
        transport.GetHealthAsync("health", cancellationToken);

    /// <summary>FeatureApi's liveness (<c>GET /alive</c>): the process answers, whatever its store's state.</summary>
    internal Task<FeatureApiHealth> GetAlivenessAsync(CancellationToken cancellationToken) =>
        transport.GetHealthAsync("alive", cancellationToken);

    private static string UserPath(long userId) => string.Create(CultureInfo.InvariantCulture, $"api/users/{userId}/features");
}
