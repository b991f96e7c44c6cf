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
/// Reference endpoints for <c>bench/run</c>: the HTTP ceiling, the straightforward implementation the pipeline must
/// beat, and the article's naive serial design.
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

        // Behind the same key check as the real routes, so every comparison pays the same authentication.
        var bench = app.MapGroup("/api/bench").ExcludeFromDescription().RequireAuthorization(ApiScopes.Read);
        bench.MapPost("/constant", WriteConstantVectorAsync).WithName("BenchConstantVector");
        bench.MapPost("/straightforward/extract", StraightforwardExtractAsync).WithName("BenchStraightforwardExtract");
        bench.MapPost("/straightforward/extract/batch", StraightforwardExtractBatchAsync).WithName("BenchStraightforwardExtractBatch");
        bench.MapPost("/naive/extract/batch", NaiveExtractBatchAsync).WithName("BenchNaiveExtractBatch");
        bench.MapGet("/runtime", GetRuntime).WithName("BenchRuntime");
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

    /// <summary>Working set, GC heap and collection counts of this process, for the soak's memory table.</summary>
    public static ContentHttpResult GetRuntime() => TypedResults.Text(RuntimeSnapshot.Json(), "application/json");

    /// <summary>One user, one awaited HMGET: the obvious implementation of the extract.</summary>
    public static async Task<Results<Ok<ExtractResponse>, ValidationProblem>> StraightforwardExtractAsync(
        HttpRequest request, IConnectionMultiplexer redis, FeatureRegistry registry, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var body = await RequestBody.ReadAsync(request, FeatureJsonContext.Default.ExtractRequest, errors, cancellationToken);
        if (errors.ToProblem() is { } problem)
        {
            return problem;
        }
        if (body!.UserId is not { } userId || body.CurrentValue is not { } currentValue)
        {
            return ValidationErrors.Single("body", "Give userId and currentValue.");
        }
        return TypedResults.Ok(await new StraightforwardExtraction(redis, registry).ExtractAsync(userId, currentValue));
    }

    /// <summary>Every user's HMGET in flight at once (<c>Task.WhenAll</c>), then the same per-user answer.</summary>
    public static async Task<Results<Ok<BatchExtractResponse>, ValidationProblem>> StraightforwardExtractBatchAsync(
        HttpRequest request, IConnectionMultiplexer redis, FeatureRegistry registry, IOptions<FeatureServingOptions> options, CancellationToken cancellationToken)
    {
        var (requests, problem) = await ReadBatchAsync(request, options.Value.MaxBatchSize, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await new StraightforwardExtraction(redis, registry).ExtractBatchAsync(requests!));
    }

    /// <summary>The original design, serially: per user, one awaited HGET per stored feature, then compute.</summary>
    public static async Task<Results<Ok<BatchExtractResponse>, ValidationProblem>> NaiveExtractBatchAsync(
        HttpRequest request, IConnectionMultiplexer redis, FeatureRegistry registry, IOptions<FeatureServingOptions> options, CancellationToken cancellationToken)
    {
        var (requests, problem) = await ReadBatchAsync(request, options.Value.MaxBatchSize, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var database = redis.GetDatabase();
        var results = new List<ExtractResponse>(requests!.Count);
        foreach (var (userId, currentValue) in requests)
        {
            results.Add(await NaiveExtraction.ExtractAsync(database, registry, userId, currentValue));
        }
        return TypedResults.Ok(new BatchExtractResponse(results));
    }

    /// <summary>A batch body with 1 to the maximum requests, each with userId and currentValue.</summary>
    private static async Task<(IReadOnlyList<(long UserId, double CurrentValue)>? Requests, ValidationProblem? Problem)> ReadBatchAsync(
        HttpRequest request, int maxBatchSize, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var body = await RequestBody.ReadAsync(request, FeatureJsonContext.Default.BatchExtractRequest, errors, cancellationToken);
        if (errors.ToProblem() is { } problem)
        {
            return (null, problem);
        }
        if (body!.Requests is not { Count: > 0 } requests || requests.Count > maxBatchSize || requests.Any(r => r?.UserId is null || r.CurrentValue is null))
        {
            return (null, ValidationErrors.Single("requests", $"Give 1 to {maxBatchSize} requests, each with userId and currentValue."));
        }
        return ([.. requests.Select(r => (r!.UserId!.Value, r.CurrentValue!.Value))], null);
    }
}
