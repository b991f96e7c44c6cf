using System.Diagnostics;
using System.Net;
using FeatureAdmin.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace FeatureAspire.Tests.Admin;

/// <summary>The admin's YARP gateway in-process, forwarding to a stand-in featureapi found through service discovery.</summary>
public sealed class ApiGatewayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ApiRequestsAreForwardedToTheDiscoveredServiceWithTheCallersTrace()
    {
        var seen = new TaskCompletionSource<(string PathAndQuery, string? TraceParent)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var featureApi = await StartAsync(WebApplication.CreateSlimBuilder(), app =>
            app.MapGet("/api/features/definitions", (HttpRequest request) =>
            {
                seen.TrySetResult((request.Path + request.QueryString, request.Headers.TraceParent));
                return Results.Text("[]", "application/json");
            }));

        var gatewayBuilder = WebApplication.CreateSlimBuilder();
        gatewayBuilder.Configuration["services:featureapi:http:0"] = featureApi.Urls.Single();
        gatewayBuilder.AddServiceDefaults();
        gatewayBuilder.AddApiGateway();
        await using var gateway = await StartAsync(gatewayBuilder, app => app.MapApiGateway());

        // The test's own client must not add a trace of its own: the header below is the caller's trace.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(gateway.Urls.Single()) };
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/features/definitions?limit=5");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (pathAndQuery, traceParent) = await seen.Task.WaitAsync(Timeout);
        Assert.Equal("/api/features/definitions?limit=5", pathAndQuery);
        Assert.NotNull(traceParent);
        Assert.Contains(traceId.ToHexString(), traceParent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathsOutsideApiAreNotForwarded()
    {
        var forwarded = false;
        await using var featureApi = await StartAsync(WebApplication.CreateSlimBuilder(), app =>
            app.MapGet("/health", () => { forwarded = true; return "Healthy"; }));

        var gatewayBuilder = WebApplication.CreateSlimBuilder();
        gatewayBuilder.Configuration["services:featureapi:http:0"] = featureApi.Urls.Single();
        gatewayBuilder.AddServiceDefaults();
        gatewayBuilder.AddApiGateway();
        await using var gateway = await StartAsync(gatewayBuilder, app => app.MapApiGateway());

        using var client = new HttpClient { BaseAddress = new Uri(gateway.Urls.Single()) };
        using var response = await client.GetAsync("/health").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(forwarded);
    }

    private static async Task<WebApplication> StartAsync(WebApplicationBuilder builder, Action<WebApplication> map)
    {
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync().WaitAsync(Timeout);
        return app;
    }
}
