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

    /// <summary>Extracts one user's feature vector (the seed's shape: the <c>user</c> entity and <c>current_value</c>).</summary>
    /// <param name="userId">The user whose stored and live features are looked up.</param>
    /// <param name="currentValue">The request's <c>current_value</c>.</param>
    /// <param name="features">Features to return, in this order; the repository's default set when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The vector; when the store failed or was slow it is still an answer, with <see cref="FeatureVector.Degraded"/> set.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request, for example a 400 naming an unknown feature.</exception>
    public async Task<FeatureVector> ExtractAsync(long userId, double currentValue, IReadOnlyList<string>? features = null,
        CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("extract", users: 1);
        return await SendExtractAsync(new ExtractRequest(userId, currentValue, features), Json.ExtractRequest, call, cancellationToken);
    }

    /// <summary>
    /// Extracts one feature vector for named entities' instances and the request's values: any entity of the repository
    /// FeatureApi serves, and a list of features, a named feature set, or neither for the default set.
    /// </summary>
    /// <param name="entities">
    /// Entity name → key, for every entity the features read: <c>new Dictionary&lt;string, EntityKey&gt; { ["user"] = 101, ["item"] = "sku-9" }</c>.
    /// </param>
    /// <param name="request">Request field name → value, for every request field the features use (1 or 0 for a bool field).</param>
    /// <param name="features">Features to return, in this order; null for <paramref name="featureSet"/> or the default set.</param>
    /// <param name="featureSet">A named feature set of the repository, instead of <paramref name="features"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The vector, with <see cref="FeatureVector.Entities"/> and the <see cref="FeatureVector.RegistryVersion"/> that
    /// served it; degraded rather than refused when the store failed or was slow.
    /// </returns>
    /// <exception cref="FeatureApiException">
    /// FeatureApi refused the request: a 400 naming the place, such as <c>entities.item</c> (an entity the features read
    /// is missing, unknown, or its key is of the wrong kind), <c>request.discount</c> or <c>featureSet</c>.
    /// </exception>
    public async Task<FeatureVector> ExtractEntitiesAsync(IReadOnlyDictionary<string, EntityKey> entities,
        IReadOnlyDictionary<string, double>? request = null, IReadOnlyList<string>? features = null, string? featureSet = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        using var call = transport.Start("extract_entities", instances: 1);
        return await SendExtractAsync(new EntityExtractRequest(entities, request, features, featureSet), Json.EntityExtractRequest, call, cancellationToken);
    }

    /// <summary>Extracts many users' feature vectors in one call and one store exchange (the seed's shape).</summary>
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
        return (await SendExtractBatchAsync(new BatchExtractRequest(requests, features), Json.BatchExtractRequest, call, cancellationToken)).Results;
    }

    /// <summary>
    /// Extracts many feature vectors for named entities' instances in one call and one store exchange, every row with the
    /// same features: a list, a named feature set, or neither for the default set.
    /// </summary>
    /// <param name="requests">The rows (at most FeatureApi's <c>MaxBatchSize</c>, 1000 by default).</param>
    /// <param name="features">Features to return for every row; null for <paramref name="featureSet"/> or the default set.</param>
    /// <param name="featureSet">A named feature set of the repository, instead of <paramref name="features"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// One vector per row, in row order, each with its <see cref="FeatureVector.Entities"/> and the batch's
    /// <see cref="FeatureVector.RegistryVersion"/> (one version serves a whole batch).
    /// </returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request; <see cref="FeatureApiException.Errors"/> names the rows, such as <c>requests[2].entities.item</c>.</exception>
    public async Task<IReadOnlyList<FeatureVector>> ExtractEntitiesBatchAsync(IReadOnlyList<EntityExtractItem> requests,
        IReadOnlyList<string>? features = null, string? featureSet = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        using var call = transport.Start("extract_entities_batch", instances: requests.Count);
        var response = await SendExtractBatchAsync(new EntityBatchExtractRequest(requests, features, featureSet), Json.EntityBatchExtractRequest, call,
            cancellationToken);
        // FeatureApi states the version once per batch; each vector carries it, as a single extract's does.
        return [.. response.Results.Select(vector => vector with { RegistryVersion = response.RegistryVersion })];
    }

    /// <summary>Lists every feature of the repository version FeatureApi serves.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The features, inputs before the features computed from them, each with its entity or expression.</returns>
    public async Task<IReadOnlyList<FeatureDefinition>> GetDefinitionsAsync(CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("definitions");
        return await transport.SendAsync(HttpMethod.Get, "api/features/definitions", Json.FeatureDefinitionArray, call, cancellationToken);
    }

    /// <summary>
    /// Sends live events about users or any entity's instances (<see cref="LiveEvent.For"/>), validated whole and
    /// written in one transaction. An event without an
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

    private async Task<FeatureVector> SendExtractAsync<TRequest>(TRequest body, JsonTypeInfo<TRequest> requestType, FeatureApiCall call,
        CancellationToken cancellationToken)
    {
        var vector = await transport.SendAsync(HttpMethod.Post, "api/features/extract", body, requestType, Json.FeatureVector, call, cancellationToken);
        call.Degraded(vector.Degraded ? 1 : 0);
        return vector;
    }

    private async Task<BatchExtractResponse> SendExtractBatchAsync<TRequest>(TRequest body, JsonTypeInfo<TRequest> requestType, FeatureApiCall call,
        CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Post, "api/features/extract/batch", body, requestType, Json.BatchExtractResponse, call,
            cancellationToken);
        call.Degraded(response.Results.Count(v => v.Degraded));
        return response;
    }
}
