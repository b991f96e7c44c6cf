using FeatureAdmin.Api;
using Yarp.ReverseProxy.Configuration;

namespace FeatureAdmin.Extensions;

/// <summary>
/// The admin's YARP gateway: <c>/api/**</c> at the admin's origin goes to featureapi, found through Aspire service
/// discovery. YARP's forwarder starts an HttpClient activity per request and propagates it (W3C traceparent), so a
/// proxied call and featureapi's handling of it are one trace.
/// </summary>
public static class ApiGatewayExtensions
{
    public const string RouteId = "featureapi-api";
    public const string ClusterId = "featureapi";

    public static IHostApplicationBuilder AddApiGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromMemory(
                [new RouteConfig { RouteId = RouteId, ClusterId = ClusterId, Match = new RouteMatch { Path = "/api/{**catch-all}" } }],
                [new ClusterConfig
                {
                    ClusterId = ClusterId,
                    Destinations = new Dictionary<string, DestinationConfig>
                    {
                        [FeatureApiClient.ServiceName] = new() { Address = FeatureApiClient.BaseAddress.ToString() },
                    },
                }])
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    public static IEndpointRouteBuilder MapApiGateway(this IEndpointRouteBuilder app)
    {
        app.MapReverseProxy();
        return app;
    }
}
