using FeatureApi.Requests;
using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeatureApi.Apis;

/// <summary>Feature extraction and the feature registry.</summary>
public static class FeaturesApi
{
    public static IEndpointRouteBuilder MapFeaturesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/features").WithTags("Features")
            .RequireAuthorization(ApiScopes.Read);

        api.MapPost("/extract", ExtractAsync)
            .WithName("ExtractFeatures")
            .WithSummary("Extract one feature vector: the entities' stored and live features and the request's values, combined.")
            .WithDescription("Names entities and request values ({\"entities\":{\"user\":101},\"request\":{\"current_value\":120}}) or, in the " +
                "seed's shape, userId and currentValue; asks for a features list, a featureSet, or the default set. A slow or failing store " +
                "never fails the request: its features are served as defaults marked unavailable.")
            .ChargesWork(RateLimitPolicies.Reads)
            .Produces<ExtractResponse>();

        api.MapPost("/extract/batch", ExtractBatchAsync)
            .WithName("ExtractFeaturesBatch")
            .WithSummary("Extract many feature vectors in one store exchange.")
            .ChargesWork<BatchExtractRequest>(RateLimitPolicies.Reads, body => body.Requests?.Count ?? 1)
            .Produces<BatchExtractResponse>();

        api.MapPost("/extract/candidates", ExtractCandidatesAsync)
            .WithName("ExtractCandidates")
            .WithSummary("Score candidates: one user (the shared entities) and its candidate items, each read once, in one store exchange.")
            .WithDescription("{\"entities\":{\"user\":101},\"candidates\":{\"entity\":\"item\",\"keys\":[\"sku-1\",\"sku-2\"]}} is answered " +
                "with a row per candidate, in candidate order. Candidates that carry their own request values are given as rows " +
                "([{\"key\":\"sku-1\",\"request\":{...}}]). Charged one read per candidate plus one for the shared instances.")
            .ChargesWork<CandidatesRequest>(RateLimitPolicies.Reads, body => body.CandidateCount + 1)
            .Produces<CandidatesResponse>();

        api.MapGet("/definitions", GetDefinitions)
            .WithName("GetFeatureDefinitions")
            .WithSummary("List every feature of the repository version served.")
            .ChargesWork(RateLimitPolicies.Reads);

        return app;
    }

    public static async Task<FeatureVectorsResult> ExtractAsync(ExtractRequest body, ExtractionPipeline pipeline, FeatureRegistry registry,
        CancellationToken cancellationToken)
    {
        var vectors = await pipeline.ExtractAsync(body.ToRows(registry), registry.Resolve(body.Features, body.FeatureSet), batch: false);
        return new FeatureVectorsResult(vectors, batch: false);
    }

    public static async Task<FeatureVectorsResult> ExtractBatchAsync(BatchExtractRequest body, ExtractionPipeline pipeline, FeatureRegistry registry,
        CancellationToken cancellationToken)
    {
        var vectors = await pipeline.ExtractAsync(body.ToRows(registry), registry.Resolve(body.Features, body.FeatureSet), batch: true);
        return new FeatureVectorsResult(vectors, batch: true);
    }

    public static async Task<FeatureVectorsResult> ExtractCandidatesAsync(CandidatesRequest body, ExtractionPipeline pipeline, FeatureRegistry registry,
        CancellationToken cancellationToken)
    {
        var vectors = await pipeline.ExtractAsync(body.ToRows(registry), registry.Resolve(body.Features, body.FeatureSet), batch: true);
        return new FeatureVectorsResult(vectors, batch: true);
    }

    public static Ok<FeatureDefinitionResponse[]> GetDefinitions(FeatureRegistry registry, HttpResponse response)
    {
        response.Headers[RegistryVersionHeader.Name] = registry.VersionHeader;
        return TypedResults.Ok(registry.All.Select(f => new FeatureDefinitionResponse(
            f.Name, f.Kind, f.Type, f.Default, f.Description, [.. f.Inputs.Select(i => i.Name)], f.MaxAge,
            f.Live is { } live ? new LiveAggregateResponse(live.Stream.Name, live.Aggregation, live.Window, live.TileSize, live.TilesRead) : null,
            f.Entity?.Name, f.Expression)).ToArray());
    }
}
