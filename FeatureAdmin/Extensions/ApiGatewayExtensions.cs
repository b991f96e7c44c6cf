using FeatureAdmin.Api;
using FeatureAdmin.Diagnostics;
using FeatureAdmin.Security;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace FeatureAdmin.Extensions;

/// <summary>
/// The admin's YARP gateway: <c>/api/**</c> at the admin's origin goes to featureapi, found through Aspire service
/// discovery, for a signed-in admin only, and an unsafe method only from the admin's own pages
/// (<see cref="SameOriginGuard"/>). The admin's own API key is added here, on the server, so a browser never
/// holds a key; the admin's session cookie stays behind. YARP's forwarder starts an HttpClient activity per request
/// and propagates it (W3C traceparent), so a proxied call and featureapi's handling of it are one trace.
/// </summary>
public static class ApiGatewayExtensions
{
    public const string RouteId = "featureapi-api";
    public const string ClusterId = "featureapi";

    public static IHostApplicationBuilder AddApiGateway(this IHostApplicationBuilder builder)
    {
        FeatureApiKey.Register(builder);
        AdminMetrics.Register(builder.Services);
        builder.Services.AddReverseProxy()
            .LoadFromMemory(
                [new RouteConfig { RouteId = RouteId, ClusterId = ClusterId, Match = new RouteMatch { Path = "/api/{**catch-all}" } }],
                [new ClusterConfig
                {
                    ClusterId = ClusterId,
                    Destinations = new Dictionary<string, DestinationConfig>
                    {
                        [FeatureApiService.ServiceName] = new() { Address = FeatureApiService.BaseAddress.ToString() },
                    },
                }])
            .AddTransforms(transforms =>
            {
                var apiKey = transforms.Services.GetRequiredService<FeatureApiKey>();
                transforms.AddRequestHeaderRemove("Cookie");
                transforms.AddRequestTransform(context =>
                {
                    // Whatever key a caller sent is replaced: the gateway speaks for the admin, with the admin's key.
                    FeatureApiKeyHandler.Set(context.ProxyRequest.Headers, apiKey);
                    return ValueTask.CompletedTask;
                });
            })
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    public static IEndpointRouteBuilder MapApiGateway(this IEndpointRouteBuilder app)
    {
        app.MapReverseProxy(proxy =>
        {
            // First, so a refused request reaches no other stage; the other three are what MapReverseProxy() adds by default.
            proxy.UseMiddleware<SameOriginGuard>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        }).RequireAuthorization();
        return app;
    }
}
