using FeatureApi.Features;
using FeatureApi.Pipeline;
using FeatureApi.Registry;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureApi.GrpcApi;

/// <summary>
/// FeatureService (<c>protos/featureaspire/v1/feature_service.proto</c>) on FeatureApi's one pipeline: a call's request
/// is read as the JSON API's contract record (<see cref="GrpcRequests"/>), judged by the same validation rules on the
/// call's registry version and charged to the key's read bucket as the JSON route would (<see cref="GrpcRequestChecks"/>),
/// extracted by <see cref="ExtractionPipeline"/> and answered as messages (<see cref="GrpcAnswers"/>). Its endpoint
/// requires features:read (<see cref="GrpcServingExtensions"/>). One instance per call: <paramref name="registry"/> is
/// the call's scoped registry version.
/// </summary>
internal sealed class FeatureGrpcService(ExtractionPipeline pipeline, FeatureRegistry registry, ServingRegistry serving,
    IOptions<FeatureServingOptions> options) : Rpc.FeatureService.FeatureServiceBase
{
    /// <summary>Messages of one stream extracted at once; past this the stream is read no further until answers are sent.</summary>
    internal const int StreamMessagesInFlight = 32;

    private int MaxBatchSize => options.Value.MaxBatchSize;

    public override Task<Rpc.FeatureVector> Extract(Rpc.ExtractRequest request, ServerCallContext context) =>
        ExtractAsync(request, registry, context);

    public override Task<Rpc.ExtractBatchResponse> ExtractBatch(Rpc.ExtractBatchRequest request, ServerCallContext context)
    {
        GrpcRequestChecks.ThrowIfUnbound(context, GrpcRequests.Unbound(request, MaxBatchSize));
        var body = request.ToContract();
        GrpcRequestChecks.ThrowIfInvalid(context, registry, body);
        GrpcRequestChecks.ChargeReads(context, body.Requests!.Count);
        return GrpcExtraction.AnswerAsync(pipeline.ExtractAsync(body.ToRows(registry), registry.Resolve(body.Features, body.FeatureSet), batch: true),
            GrpcAnswers.Batch, context.CancellationToken);
    }

    /// <summary>Each message is served from the registry version current when it arrives: a stream may outlive many.</summary>
    public override Task ExtractStream(IAsyncStreamReader<Rpc.ExtractRequest> requestStream, IServerStreamWriter<Rpc.FeatureVector> responseStream,
        ServerCallContext context) =>
        InOrderStream.AnswerAsync(requestStream, responseStream, request => ExtractAsync(request, serving.Current, context),
            StreamMessagesInFlight, context.CancellationToken);

    public override Task<Rpc.ExtractCandidatesResponse> ExtractCandidates(Rpc.ExtractCandidatesRequest request, ServerCallContext context)
    {
        GrpcRequestChecks.ThrowIfUnbound(context, GrpcRequests.Unbound(request, MaxBatchSize));
        var body = request.ToContract();
        GrpcRequestChecks.ThrowIfInvalid(context, registry, body);
        GrpcRequestChecks.ChargeReads(context, body.CandidateCount + 1);
        return GrpcExtraction.AnswerAsync(pipeline.ExtractAsync(body.ToRows(registry), registry.Resolve(body.Features, body.FeatureSet), batch: true),
            GrpcAnswers.Candidates, context.CancellationToken);
    }

    public override Task<Rpc.GetDefinitionsResponse> GetDefinitions(Rpc.GetDefinitionsRequest request, ServerCallContext context)
    {
        GrpcRequestChecks.ChargeReads(context, 1);
        return Task.FromResult(GrpcDefinitions.Of(registry));
    }

    private Task<Rpc.FeatureVector> ExtractAsync(Rpc.ExtractRequest request, FeatureRegistry version, ServerCallContext context)
    {
        GrpcRequestChecks.ThrowIfUnbound(context, GrpcRequests.Unbound(request));
        var body = request.ToContract();
        GrpcRequestChecks.ThrowIfInvalid(context, version, body);
        GrpcRequestChecks.ChargeReads(context, 1);
        return GrpcExtraction.AnswerAsync(pipeline.ExtractAsync(body.ToRows(version), version.Resolve(body.Features, body.FeatureSet), batch: false),
            GrpcAnswers.Single, context.CancellationToken);
    }
}
