using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureAspire.Client;

/// <summary>
/// FeatureApi's extracts over gRPC (<c>featureaspire.v1.FeatureService</c>), in <see cref="FeatureApiClient"/>'s
/// vocabulary: the same arguments, the same <see cref="FeatureVector"/>, <see cref="CandidateVectors"/> and
/// <see cref="FeatureDefinition"/> answers, the same <see cref="FeatureApiException"/> for a refusal, and
/// <see cref="OpenExtractStream"/> for one long-lived stream of extracts. Thread-safe; in an Aspire service register it
/// with <c>builder.AddFeatureApiGrpcClient("featureapi")</c>, anywhere else construct it around a channel.
/// </summary>
public sealed class FeatureApiGrpcClient
{
    /// <summary>The metadata entry that carries the API key (the JSON API's <c>X-API-Key</c> header).</summary>
    public const string ApiKeyMetadataName = "x-api-key";

    /// <summary>The gRPC service's full name.</summary>
    public const string ServiceName = "featureaspire.v1.FeatureService";

    private readonly Rpc.FeatureService.FeatureServiceClient client;
    private readonly Metadata? headers;
    private readonly TimeSpan? deadline;

    /// <summary>Creates a client that calls through <paramref name="channel"/>.</summary>
    /// <param name="channel">
    /// A channel to FeatureApi's gRPC endpoint (cleartext HTTP/2, such as <c>GrpcChannel.ForAddress("http://localhost:5181")</c>);
    /// give it <see cref="CreateServiceConfig"/> for the retries <c>AddFeatureApiGrpcClient</c> has.
    /// </param>
    /// <param name="apiKey">The key sent as <c>x-api-key</c> with every call, or null for a FeatureApi that runs open.</param>
    /// <param name="deadline">Each unary call's deadline, counted from its start, retries included; null for none.</param>
    public FeatureApiGrpcClient(ChannelBase channel, string? apiKey = null, TimeSpan? deadline = null)
        : this(new Rpc.FeatureService.FeatureServiceClient(channel ?? throw new ArgumentNullException(nameof(channel))), apiKey, deadline)
    {
    }

    /// <summary>Creates a client that calls through <paramref name="callInvoker"/> (a channel with interceptors, say).</summary>
    /// <param name="callInvoker">The invoker to call through.</param>
    /// <param name="apiKey">The key sent as <c>x-api-key</c> with every call, or null for a FeatureApi that runs open.</param>
    /// <param name="deadline">Each unary call's deadline, counted from its start, retries included; null for none.</param>
    public FeatureApiGrpcClient(CallInvoker callInvoker, string? apiKey = null, TimeSpan? deadline = null)
        : this(new Rpc.FeatureService.FeatureServiceClient(callInvoker ?? throw new ArgumentNullException(nameof(callInvoker))), apiKey, deadline)
    {
    }

    internal FeatureApiGrpcClient(Rpc.FeatureService.FeatureServiceClient client, string? apiKey, TimeSpan? deadline)
    {
        this.client = client;
        headers = string.IsNullOrEmpty(apiKey) ? null : new Metadata { { ApiKeyMetadataName, apiKey } };
        this.deadline = deadline;
    }

    /// <summary>
    /// The channel settings <c>AddFeatureApiGrpcClient</c> gives its channel, for one made by hand: every call but
    /// ExtractStream is a read, safe to send again, and is retried on UNAVAILABLE (at most 4 attempts, exponential
    /// back-off from 2 s, as the JSON client's standard resilience handler); retries stop for a while when most fail,
    /// as its circuit breaker would. A stream is never retried: its messages are answered as they go.
    /// </summary>
    public static ServiceConfig CreateServiceConfig() => new()
    {
        MethodConfigs =
        {
            new MethodConfig
            {
                Names =
                {
                    new MethodName { Service = ServiceName, Method = "Extract" },
                    new MethodName { Service = ServiceName, Method = "ExtractBatch" },
                    new MethodName { Service = ServiceName, Method = "ExtractCandidates" },
                    new MethodName { Service = ServiceName, Method = "GetDefinitions" },
                },
                RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = 4,
                    InitialBackoff = TimeSpan.FromSeconds(2),
                    MaxBackoff = TimeSpan.FromSeconds(30),
                    BackoffMultiplier = 2,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                },
            },
        },
        RetryThrottling = new RetryThrottlingPolicy { MaxTokens = 10, TokenRatio = 0.1 },
    };

    /// <summary>
    /// Extracts one feature vector for named entities' instances and the request's values, as
    /// <see cref="FeatureApiClient.ExtractEntitiesAsync"/> does over JSON.
    /// </summary>
    /// <param name="entities">Entity name → key, for every entity the features read.</param>
    /// <param name="request">Request field name → value, for every request field the features use (1 or 0 for a bool field).</param>
    /// <param name="features">Features to return, in this order; null for <paramref name="featureSet"/> or the default set.</param>
    /// <param name="featureSet">A named feature set of the repository, instead of <paramref name="features"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The vector, with its entities and registry version; degraded rather than refused when the store failed or was slow.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request: a 400 naming the place, such as <c>entities.item</c>.</exception>
    public async Task<FeatureVector> ExtractEntitiesAsync(IReadOnlyDictionary<string, EntityKey> entities,
        IReadOnlyDictionary<string, double>? request = null, IReadOnlyList<string>? features = null, string? featureSet = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        using var call = FeatureApiCall.Start("extract_entities", instances: 1);
        var message = GrpcMessages.Extract(new EntityExtractRequest(entities, request, features, featureSet));
        var vector = await CallAsync(client.ExtractAsync, message, "Extract", call, cancellationToken).ConfigureAwait(false);
        call.Degraded(vector.Degraded ? 1 : 0);
        return GrpcMessages.Vector(vector, vector.RegistryVersion);
    }

    /// <summary>
    /// Extracts many feature vectors in one call and one store exchange, every row with the same features, as
    /// <see cref="FeatureApiClient.ExtractEntitiesBatchAsync"/> does over JSON.
    /// </summary>
    /// <param name="requests">The rows (at most FeatureApi's <c>MaxBatchSize</c>, 1000 by default).</param>
    /// <param name="features">Features to return for every row; null for <paramref name="featureSet"/> or the default set.</param>
    /// <param name="featureSet">A named feature set of the repository, instead of <paramref name="features"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One vector per row, in row order, each with its entities and the batch's registry version.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request; <see cref="FeatureApiException.Errors"/> names the rows, such as <c>requests[2].entities.item</c>.</exception>
    public async Task<IReadOnlyList<FeatureVector>> ExtractEntitiesBatchAsync(IReadOnlyList<EntityExtractItem> requests,
        IReadOnlyList<string>? features = null, string? featureSet = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        using var call = FeatureApiCall.Start("extract_entities_batch", instances: requests.Count);
        var message = GrpcMessages.Batch(new EntityBatchExtractRequest(requests, features, featureSet));
        var answer = await CallAsync(client.ExtractBatchAsync, message, "ExtractBatch", call, cancellationToken).ConfigureAwait(false);
        call.Degraded(answer.Results.Count(vector => vector.Degraded));
        return [.. answer.Results.Select(vector => GrpcMessages.Vector(vector, answer.RegistryVersion))];
    }

    /// <summary>
    /// Extracts a feature vector per candidate for one set of shared instances (the user) in one call, as
    /// <see cref="FeatureApiClient.ExtractCandidatesAsync(IReadOnlyDictionary{string, EntityKey}, string, IReadOnlyList{EntityKey}, IReadOnlyDictionary{string, double}?, IReadOnlyList{string}?, string?, CancellationToken)"/>
    /// does over JSON.
    /// </summary>
    /// <param name="entities">Entity name → key for every entity the features read except the candidates' own.</param>
    /// <param name="candidateEntity">The candidates' entity, such as <c>item</c>.</param>
    /// <param name="keys">The candidates, in the order the answer keeps; a key may repeat.</param>
    /// <param name="request">Request field name → value, shared by every row.</param>
    /// <param name="features">Features to return for every candidate; null for <paramref name="featureSet"/> or the default set.</param>
    /// <param name="featureSet">A named feature set of the repository, instead of <paramref name="features"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The shared instances, the repository version that served the call, and one row per candidate in candidate order.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request: a 400 naming the place, such as <c>candidates.keys[3]</c>.</exception>
    public Task<CandidateVectors> ExtractCandidatesAsync(IReadOnlyDictionary<string, EntityKey> entities, string candidateEntity,
        IReadOnlyList<EntityKey> keys, IReadOnlyDictionary<string, double>? request = null, IReadOnlyList<string>? features = null,
        string? featureSet = null, CancellationToken cancellationToken = default) =>
        SendCandidatesAsync(CandidatesRequest.Of(entities, candidateEntity, keys, rows: null, request, features, featureSet), cancellationToken);

    /// <summary>
    /// Extracts a feature vector per candidate, as the overload with keys does, for candidates that carry request
    /// values of their own: a row's values override the shared ones.
    /// </summary>
    /// <param name="entities">Entity name → key for every entity the features read except the candidates' own.</param>
    /// <param name="candidateEntity">The candidates' entity, such as <c>item</c>.</param>
    /// <param name="rows">The candidates with their request values, in the order the answer keeps.</param>
    /// <param name="request">Request field name → value for every row; a field the features use must be here or in every row.</param>
    /// <param name="features">Features to return for every candidate; null for <paramref name="featureSet"/> or the default set.</param>
    /// <param name="featureSet">A named feature set of the repository, instead of <paramref name="features"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The shared instances, the repository version that served the call, and one row per candidate in candidate order.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused the request: a 400 naming the place, such as <c>candidates.rows[2].request.discount</c>.</exception>
    public Task<CandidateVectors> ExtractCandidatesAsync(IReadOnlyDictionary<string, EntityKey> entities, string candidateEntity,
        IReadOnlyList<CandidateRow> rows, IReadOnlyDictionary<string, double>? request = null, IReadOnlyList<string>? features = null,
        string? featureSet = null, CancellationToken cancellationToken = default) =>
        SendCandidatesAsync(CandidatesRequest.Of(entities, candidateEntity, keys: null, rows, request, features, featureSet), cancellationToken);

    /// <summary>Lists every feature of the repository version FeatureApi serves, as <see cref="FeatureApiClient.GetDefinitionsAsync"/> does.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The features, inputs before the features computed from them, each with its entity or expression.</returns>
    public async Task<IReadOnlyList<FeatureDefinition>> GetDefinitionsAsync(CancellationToken cancellationToken = default)
    {
        using var call = FeatureApiCall.Start("definitions");
        var answer = await CallAsync(client.GetDefinitionsAsync, new Rpc.GetDefinitionsRequest(), "GetDefinitions", call, cancellationToken)
            .ConfigureAwait(false);
        return [.. answer.Features.Select(GrpcMessages.Definition)];
    }

    /// <summary>
    /// Opens one long-lived ExtractStream, for a caller that sends many single extracts: each
    /// <see cref="FeatureApiExtractStream.ExtractAsync"/> is one message on it, answered in order, and any number of
    /// callers may share it. The stream opens with the first extract; dispose it to close it.
    /// </summary>
    public FeatureApiExtractStream OpenExtractStream() =>
        new(() => client.ExtractStream(new CallOptions(headers)));

    private async Task<CandidateVectors> SendCandidatesAsync(CandidatesRequest body, CancellationToken cancellationToken)
    {
        using var call = FeatureApiCall.Start("extract_candidates", entity: body.Candidates.Entity, candidates: body.CandidateCount);
        var answer = await CallAsync(client.ExtractCandidatesAsync, GrpcMessages.Candidates(body), "ExtractCandidates", call, cancellationToken)
            .ConfigureAwait(false);
        call.Degraded(answer.Rows.Count(row => row.Status.Values.Contains(Rpc.FeatureStatus.Unavailable)));
        return GrpcMessages.Candidates(answer);
    }

    private async Task<TResponse> CallAsync<TRequest, TResponse>(Func<TRequest, CallOptions, AsyncUnaryCall<TResponse>> method, TRequest message,
        string methodName, FeatureApiCall call, CancellationToken cancellationToken)
    {
        var options = new CallOptions(headers, deadline is { } timeout ? DateTime.UtcNow + timeout : null, cancellationToken);
        try
        {
            using var pending = method(message, options);
            return await pending.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException error)
        {
            throw GrpcRefusals.Refused(error, $"{ServiceName}/{methodName}", call, cancellationToken);
        }
    }
}
