using System.Net;
using FeatureApi.Apis.Contracts;
using FeatureApi.Benchmarks;
using FeatureApi.Features;
using FeatureApi.Pipeline;
using FeatureApi.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

// In FeatureApi.Apis, beside the other Map…Api extensions, so Program.cs maps it with one line and no using.
namespace FeatureApi.Apis;

/// <summary>
/// Reference endpoints for <c>bench/run</c>: the HTTP ceiling, the straightforward implementation the pipeline must
/// beat, and the article's naive serial design. They exist only when <c>Benchmarks:Enabled=true</c>, answer only
/// callers on this machine (loopback), live outside <c>/api</c> (so the admin's gateway, which forwards only
/// <c>/api/**</c>, can never reach them), take the same key and read budget as the real routes, and never appear in the
/// OpenAPI document.
/// </summary>
public static class BenchmarkEndpoints
{
    public const string EnabledKey = "Benchmarks:Enabled";

    /// <summary>
    /// With benchmarks on, every gRPC call is counted by the server (<see cref="GrpcAnswerCounter"/>): a generator that
    /// reads only HTTP status, as h2load does, is checked against it.
    /// </summary>
    public static IHostApplicationBuilder AddBenchmarkGrpc(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue(EnabledKey, false))
        {
            builder.Services.AddSingleton<GrpcAnswerCounter>();
            builder.Services.Configure<Grpc.AspNetCore.Server.GrpcServiceOptions>(grpc => grpc.Interceptors.Add<GrpcAnswerCounter>());
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapBenchmarkEndpoints(this IEndpointRouteBuilder app)
    {
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        if (!configuration.GetValue(EnabledKey, false))
        {
            return app;
        }

        // Behind the same key check and read budget as the real routes, so every comparison pays the same authentication.
        // Loopback first: a caller from elsewhere learns nothing, not even whether its body was valid.
        var bench = app.MapGroup("/bench").ExcludeFromDescription().RequireAuthorization(ApiScopes.Read)
            .AddEndpointFilter(LoopbackOnlyAsync)
            .AddEndpointFilterFactory(RequestValidationFilter.Create);
        bench.MapPost("/constant", WriteConstantVectorAsync).WithName("BenchConstantVector").ChargesWork(RateLimitPolicies.Reads);
        bench.MapPost("/straightforward/extract", StraightforwardExtractAsync).WithName("BenchStraightforwardExtract")
            .ChargesWork(RateLimitPolicies.Reads);
        bench.MapPost("/straightforward/extract/batch", StraightforwardExtractBatchAsync).WithName("BenchStraightforwardExtractBatch")
            .ChargesWork<BatchExtractRequest>(RateLimitPolicies.Reads, body => body.Requests?.Count ?? 1);
        // Built on first use here rather than registered with the other references: only this route needs it.
        var candidates = new Lazy<StraightforwardCandidates>(() => ActivatorUtilities.CreateInstance<StraightforwardCandidates>(app.ServiceProvider));
        bench.MapPost("/straightforward/extract/candidates", async (CandidatesRequest body, FeatureRegistry registry, CancellationToken cancellationToken) =>
                TypedResults.Ok(await candidates.Value.ExtractAsync(registry, body)))
            .WithName("BenchStraightforwardCandidates").ChargesWork<CandidatesRequest>(RateLimitPolicies.Reads, body => body.CandidateCount + 1);
        bench.MapPost("/naive/extract/batch", NaiveExtractBatchAsync).WithName("BenchNaiveExtractBatch")
            .ChargesWork<BatchExtractRequest>(RateLimitPolicies.Reads, body => body.Requests?.Count ?? 1);
        bench.MapPost("/compiled/extract", CompiledExtractAsync).WithName("BenchCompiledExtract").ChargesWork(RateLimitPolicies.Reads);
        bench.MapPost("/compiled/extract/batch", CompiledExtractBatchAsync).WithName("BenchCompiledExtractBatch")
            .ChargesWork<BatchExtractRequest>(RateLimitPolicies.Reads, body => body.Requests?.Count ?? 1);
        bench.MapGet("/runtime", GetRuntime).WithName("BenchRuntime").ChargesWork(RateLimitPolicies.Reads);
        bench.MapGet("/grpc/answers", (GrpcAnswerCounter counter) => TypedResults.Text(counter.Json(), "application/json"))
            .WithName("BenchGrpcAnswers").ChargesWork(RateLimitPolicies.Reads);
        // The gRPC ceiling, on the gRPC endpoint with FeatureService; loopback only, checked in the service itself.
        app.MapGrpcService<ConstantGrpcService>().RequireAuthorization(ApiScopes.Read);
        return app;
    }

    /// <summary>Another machine gets 404, as if benchmarks were off: the references are tools for this machine's harness.</summary>
    private static ValueTask<object?> LoopbackOnlyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Connection.RemoteIpAddress is { } caller && IPAddress.IsLoopback(caller)
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.NotFound());

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
    public static async Task<Ok<ExtractResponse>> StraightforwardExtractAsync(ExtractRequest body, StraightforwardExtraction reference,
        FeatureRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reference.ExtractAsync(registry, body.UserId.GetValueOrDefault(), body.CurrentValue.GetValueOrDefault()));

    /// <summary>Every user's HMGET in flight at once (<c>Task.WhenAll</c>), then the same per-user answer.</summary>
    public static async Task<Ok<BatchExtractResponse>> StraightforwardExtractBatchAsync(BatchExtractRequest body, StraightforwardExtraction reference,
        FeatureRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reference.ExtractBatchAsync(registry, UsersOf(body)));

    /// <summary>The original design, serially: per user, one awaited HGET per stored feature, then compute.</summary>
    public static async Task<Ok<BatchExtractResponse>> NaiveExtractBatchAsync(BatchExtractRequest body, NaiveExtraction naive,
        FeatureRegistry registry, CancellationToken cancellationToken)
    {
        var results = new List<ExtractResponse>(body.Requests!.Count);
        foreach (var (userId, currentValue) in UsersOf(body))
        {
            results.Add(await naive.ExtractAsync(registry, userId, currentValue));
        }
        return TypedResults.Ok(new BatchExtractResponse(results));
    }

    /// <summary>
    /// The real extract, pipeline and all, with the default repository's formulas compiled from C# (today's catalog)
    /// instead of from its expressions: what the expressions cost, measured in the same process and run.
    /// </summary>
    public static async Task<FeatureVectorsResult> CompiledExtractAsync(ExtractRequest body, ExtractionPipeline pipeline, CompiledCatalog catalog,
        CancellationToken cancellationToken)
    {
        var registry = catalog.Registry;
        var vectors = await pipeline.ExtractAsync(body.ToRows(registry), registry.Resolve(body.Features, body.FeatureSet), batch: false);
        return new FeatureVectorsResult(vectors, batch: false);
    }

    public static async Task<FeatureVectorsResult> CompiledExtractBatchAsync(BatchExtractRequest body, ExtractionPipeline pipeline, CompiledCatalog catalog,
        CancellationToken cancellationToken)
    {
        var registry = catalog.Registry;
        var vectors = await pipeline.ExtractAsync(body.ToRows(registry), registry.Resolve(body.Features, body.FeatureSet), batch: true);
        return new FeatureVectorsResult(vectors, batch: true);
    }

    /// <summary>The references read the seed's shape only: a user and a current value per request.</summary>
    private static (long UserId, double CurrentValue)[] UsersOf(BatchExtractRequest body) =>
        [.. body.Requests!.Select(r => (r!.UserId.GetValueOrDefault(), r.CurrentValue.GetValueOrDefault()))];
}
