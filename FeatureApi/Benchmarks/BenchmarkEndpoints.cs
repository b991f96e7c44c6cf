using FeatureApi.Apis.Contracts;
using FeatureApi.Benchmarks;
using FeatureApi.Features;
using FeatureApi.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

// In FeatureApi.Apis, beside the other Map…Api extensions, so Program.cs maps it with one line and no using.
namespace FeatureApi.Apis;

/// <summary>
/// Reference endpoints for <c>bench/run</c>: the HTTP ceiling and the naive pipeline the real one is compared with.
/// They exist only when <c>Benchmarks:Enabled=true</c>, and never appear in the OpenAPI document.
/// </summary>
public static class BenchmarkEndpoints
{
    public const string EnabledKey = "Benchmarks:Enabled";

    public static IEndpointRouteBuilder MapBenchmarkEndpoints(this IEndpointRouteBuilder app)
    {
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        if (!configuration.GetValue(EnabledKey, false))
        {
            return app;
        }

        var bench = app.MapGroup("/api/bench").ExcludeFromDescription();
        bench.MapPost("/constant", WriteConstantVectorAsync).WithName("BenchConstantVector");
        bench.MapPost("/naive/extract/batch", NaiveExtractBatchAsync).WithName("BenchNaiveExtractBatch");
        return app;
    }

    /// <summary>
    /// The HTTP ceiling: the bytes of a one-user extract answer, written without reading the body, touching the
    /// store or computing anything. Whatever the real extract costs beyond this is the pipeline's.
    /// </summary>
    public static Task WriteConstantVectorAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = ConstantVector.Bytes.Length;
        return response.Body.WriteAsync(ConstantVector.Bytes, cancellationToken).AsTask();
    }

    /// <summary>The original design, serially: per user, one awaited HGET per stored feature, then compute.</summary>
    public static async Task<Results<Ok<BatchExtractResponse>, ValidationProblem>> NaiveExtractBatchAsync(
        HttpRequest request, IConnectionMultiplexer redis, FeatureRegistry registry, IOptions<FeatureServingOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var body = await RequestBody.ReadAsync(request, FeatureJsonContext.Default.BatchExtractRequest, errors, cancellationToken);
        if (errors.ToProblem() is { } problem)
        {
            return problem;
        }
        if (body!.Requests is not { Count: > 0 } requests || requests.Count > options.Value.MaxBatchSize || requests.Any(r => r?.UserId is null || r.CurrentValue is null))
        {
            return ValidationErrors.Single("requests", $"Give 1 to {options.Value.MaxBatchSize} requests, each with userId and currentValue.");
        }

        var database = redis.GetDatabase();
        var results = new List<ExtractResponse>(requests.Count);
        foreach (var item in requests)
        {
            results.Add(await NaiveExtraction.ExtractAsync(database, registry, item!.UserId!.Value, item.CurrentValue!.Value));
        }
        return TypedResults.Ok(new BatchExtractResponse(results));
    }
}
