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
        var api = app.MapGroup("/api/features").WithTags("Features");

        api.MapPost("/extract", ExtractAsync)
            .WithName("ExtractFeatures")
            .WithSummary("Extract one user's feature vector.")
            .WithDescription("Looks up the user's stored features and computes the requested features (by default the derived ones). " +
                "A slow or failing store never fails the request: its features are served as defaults marked unavailable.")
            .Accepts<ExtractRequest>("application/json")
            .Produces<ExtractResponse>()
            .ProducesValidationProblem();

        api.MapPost("/extract/batch", ExtractBatchAsync)
            .WithName("ExtractFeaturesBatch")
            .WithSummary("Extract the feature vectors of many users in one store exchange.")
            .Accepts<BatchExtractRequest>("application/json")
            .Produces<BatchExtractResponse>()
            .ProducesValidationProblem();

        api.MapGet("/definitions", GetDefinitions)
            .WithName("GetFeatureDefinitions")
            .WithSummary("List every registered feature.");

        return app;
    }

    public static async Task<Results<FeatureVectorsResult, ProblemHttpResult>> ExtractAsync(
        HttpRequest request, ExtractionPipeline pipeline, FeatureRegistry registry, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, FeatureJsonContext.Default.ExtractRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var input = RequestValidation.Input(body!.UserId, body.CurrentValue, FieldPath.Body, errors);
        var features = registry.Resolve(body.Features, "features", errors);
        if (errors.Count > 0)
        {
            return RequestBody.Invalid(errors);
        }

        var vectors = await pipeline.ExtractAsync(new[] { input!.Value }, features!, batch: false);
        return new FeatureVectorsResult(vectors, batch: false);
    }

    public static async Task<Results<FeatureVectorsResult, ProblemHttpResult>> ExtractBatchAsync(
        HttpRequest request, ExtractionPipeline pipeline, FeatureRegistry registry, IOptions<FeatureServingOptions> options,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, FeatureJsonContext.Default.BatchExtractRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var requests = body!.Requests;
        if (RequestValidation.ListSize(requests, "requests", options.Value.MaxBatchSize) is { } sizeProblem)
        {
            return sizeProblem;
        }

        var errors = new Dictionary<string, string[]>();
        var inputs = new ExtractionInput[requests!.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is not { } item)
            {
                errors[$"requests[{i}]"] = ["A request must be an object."];
            }
            else if (RequestValidation.Input(item.UserId, item.CurrentValue, new FieldPath("requests", i), errors) is { } input)
            {
                inputs[i] = input;
            }
        }
        var features = registry.Resolve(body.Features, "features", errors);
        if (errors.Count > 0)
        {
            return RequestBody.Invalid(errors);
        }

        var vectors = await pipeline.ExtractAsync(inputs, features!, batch: true);
        return new FeatureVectorsResult(vectors, batch: true);
    }

    public static Ok<FeatureDefinitionResponse[]> GetDefinitions(FeatureRegistry registry, IOptions<FeatureServingOptions> options) =>
        TypedResults.Ok(registry.All.Select(f => new FeatureDefinitionResponse(
            f.Name, f.Kind, f.Type, f.Default, f.Description, [.. f.Inputs.Select(i => i.Name)],
            options.Value.MaxAge.TryGetValue(f.Name, out var maxAge) ? maxAge : null,
            f.Live is { } live ? new LiveAggregateResponse(live.Stream.Name, live.Aggregation, live.Window, live.TileSize, live.TilesRead) : null)).ToArray());
}
