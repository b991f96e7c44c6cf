using FeatureApi.Apis;
using FeatureApi.Features;
using FeatureApi.GrpcApi;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FeatureApi.Extensions;

/// <summary>
/// FeatureService over gRPC beside the JSON API, with the standard gRPC health service (the same checks as /health) and,
/// in Development only, server reflection. gRPC needs cleartext HTTP/2, which Kestrel serves only on an endpoint whose
/// Protocols is Http2, so it listens on an endpoint of its own (Kestrel:Endpoints:grpc; the AppHost names it grpc).
/// </summary>
internal static class GrpcServingExtensions
{
    public const string ServiceName = "featureaspire.v1.FeatureService";

    public static IHostApplicationBuilder AddGrpcServing(this IHostApplicationBuilder builder)
    {
        // Registered before AddProblemDetails' own writer, which would answer a gRPC client with JSON.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, GrpcProblemDetailsWriter>());
        // Unknown services fall through to routing's 404 (a gRPC client reads it as UNIMPLEMENTED) instead of gRPC's
        // catch-all {service}/{method} route, which also matched two-segment JSON paths such as /api/events and turned
        // their 415 for a body that is not JSON into a 404.
        builder.Services.AddGrpc(grpc => grpc.IgnoreUnknownServices = true);
        builder.AddBenchmarkGrpc();
        // A message is bounded as a JSON body is (FeatureServing:MaxRequestBodyBytes).
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<FeatureServingOptions>>((grpc, serving) =>
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, serving.Value.MaxRequestBodyBytes));
        // "" (the server) and the service answer from every check, as /health does: SERVING when healthy or degraded.
        builder.Services.AddGrpcHealthChecks(health => health.Services.Map(ServiceName, _ => true));
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddGrpcReflection();
        }
        return builder;
    }

    public static WebApplication MapGrpcServing(this WebApplication app)
    {
        app.MapGrpcService<FeatureGrpcService>().RequireAuthorization(ApiScopes.Read);
        // Open, like /health: orchestrators and load balancers probe it without a key.
        app.MapGrpcHealthChecksService();
        // The schema is for developers, as the OpenAPI document is: Development only, behind a key.
        if (app.Environment.IsDevelopment())
        {
            app.MapGrpcReflectionService().RequireAuthorization(ApiScopes.Read);
        }
        return app;
    }
}
