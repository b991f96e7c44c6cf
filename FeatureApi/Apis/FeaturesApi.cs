using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FeatureApi.Apis;

/// <summary>Feature extraction and the feature registry.</summary>
public static class FeaturesApi
{
    public static IEndpointRouteBuilder MapFeaturesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/features").WithTags("Features")
            .RequireAuthorization(ApiScopes.Read);

        api.MapPost("/extract", ExtractAsync)
            .WithName("ExtractFeatures")
            .WithSummary("Extract one user's feature vector.")
            .WithDescription("Looks up the user's stored features and computes the requested features (by default the derived ones). " +
                "A slow or failing store never fails the request: its features are served as defaults marked unavailable.")
            .ChargesWork(RateLimitPolicies.Reads)
            .Produces<ExtractResponse>();

        api.MapPost("/extract/batch", ExtractBatchAsync)
            .WithName("ExtractFeaturesBatch")
            .WithSummary("Extract the feature vectors of many users in one store exchange.")
            .ChargesWork<BatchExtractRequest>(RateLimitPolicies.Reads, body => body.Requests?.Count ?? 1)
            .Produces<BatchExtractResponse>();

        api.MapGet("/definitions", GetDefinitions)
            .WithName("GetFeatureDefinitions")
            .WithSummary("List every registered feature.")
            .ChargesWork(RateLimitPolicies.Reads);

        return app;
    }

    public static async Task<FeatureVectorsResult> ExtractAsync(ExtractRequest body, ExtractionPipeline pipeline, FeatureRegistry registry,
        CancellationToken cancellationToken)
    {
        var vectors = await pipeline.ExtractAsync(new[] { body.Input }, registry.Resolve(body.Features), batch: false);
        return new FeatureVectorsResult(vectors, batch: false);
    }

    public static async Task<FeatureVectorsResult> ExtractBatchAsync(BatchExtractRequest body, ExtractionPipeline pipeline, FeatureRegistry registry,
        CancellationToken cancellationToken)
    {
        var vectors = await pipeline.ExtractAsync(body.Inputs(), registry.Resolve(body.Features), batch: true);
        return new FeatureVectorsResult(vectors, batch: true);
    }

    public static Ok<FeatureDefinitionResponse[]> GetDefinitions(FeatureRegistry registry, IOptions<FeatureServingOptions> options) =>
        TypedResults.Ok(registry.All.Select(f => new FeatureDefinitionResponse(
            f.Name, f.Kind, f.Type, f.Default, f.Description, [.. f.Inputs.Select(i => i.Name)],
            options.Value.MaxAge.TryGetValue(f.Name, out var maxAge) ? maxAge : null,
            f.Live is { } live ? new LiveAggregateResponse(live.Stream.Name, live.Aggregation, live.Window, live.TileSize, live.TilesRead) : null)).ToArray());
}
