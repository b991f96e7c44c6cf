using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Json;
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
            .RequireAuthorization(ApiScopes.Read)
            .RequireRateLimits(app, RateLimitPolicies.Reads);

        api.MapPost("/extract", ExtractAsync)
            .WithName("ExtractFeatures")
            .WithSummary("Extract one user's feature vector.")
            .WithDescription("Looks up the user's stored features and computes the requested features (by default the derived ones). " +
                "A slow or failing store never fails the request: its features are served as defaults marked unavailable.")
            .Accepts<ExtractRequest>("application/json")
            .Produces<ExtractResponse>();

        api.MapPost("/extract/batch", ExtractBatchAsync)
            .WithName("ExtractFeaturesBatch")
            .WithSummary("Extract the feature vectors of many users in one store exchange.")
            .Accepts<BatchExtractRequest>("application/json")
            .Produces<BatchExtractResponse>();

        api.MapGet("/definitions", GetDefinitions)
            .WithName("GetFeatureDefinitions")
            .WithSummary("List every registered feature.");

        return app;
    }

    public static async Task<Results<FeatureVectorsResult, ValidationProblem>> ExtractAsync(
        HttpRequest request, ExtractionPipeline pipeline, FeatureRegistry registry, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var body = await RequestBody.ReadAsync(request, FeatureJsonContext.Default.ExtractRequest, errors, cancellationToken);
        var input = body is null ? null : RequestValidation.Input(body.UserId, body.CurrentValue, FieldPath.Body, errors);
        var features = body is null ? null : registry.Resolve(body.Features, "features", errors);
        if (errors.ToProblem() is { } problem)
        {
            return problem;
        }

        var vectors = await pipeline.ExtractAsync(new[] { input!.Value }, features!, batch: false);
        return new FeatureVectorsResult(vectors, batch: false);
    }

    public static async Task<Results<FeatureVectorsResult, ValidationProblem>> ExtractBatchAsync(
        HttpRequest request, ExtractionPipeline pipeline, FeatureRegistry registry, IOptions<FeatureServingOptions> options,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (body, inputs) = await RequestItems.ReadAsync(request, FeatureJsonContext.Default.BatchExtractRequest, static body => body.Requests,
            "requests", options.Value.MaxBatchSize, ExtractionInputRule.Instance, errors, cancellationToken);
        var features = body is null ? null : registry.Resolve(body.Features, "features", errors);
        if (errors.ToProblem() is { } problem)
        {
            return problem;
        }

        var vectors = await pipeline.ExtractAsync(inputs!, features!, batch: true);
        return new FeatureVectorsResult(vectors, batch: true);
    }

    public static Ok<FeatureDefinitionResponse[]> GetDefinitions(FeatureRegistry registry, IOptions<FeatureServingOptions> options) =>
        TypedResults.Ok(registry.All.Select(f => new FeatureDefinitionResponse(
            f.Name, f.Kind, f.Type, f.Default, f.Description, [.. f.Inputs.Select(i => i.Name)],
            options.Value.MaxAge.TryGetValue(f.Name, out var maxAge) ? maxAge : null,
            f.Live is { } live ? new LiveAggregateResponse(live.Stream.Name, live.Aggregation, live.Window, live.TileSize, live.TilesRead) : null)).ToArray());

    /// <summary>One request of a batch: a valid user id and a finite current value.</summary>
    private sealed class ExtractionInputRule : IItemRule<BatchExtractItem, ExtractionInput>
    {
        public static readonly ExtractionInputRule Instance = new();

        public bool TryValidate(BatchExtractItem item, FieldPath at, ValidationErrors errors, out ExtractionInput result)
        {
            var input = RequestValidation.Input(item.UserId, item.CurrentValue, at, errors);
            result = input.GetValueOrDefault();
            return input is not null;
        }
    }
}
