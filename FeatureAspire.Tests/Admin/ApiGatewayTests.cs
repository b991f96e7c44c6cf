using System.Diagnostics;
using System.Net;
using FeatureAdmin.Extensions;
using FeatureAdmin.Security;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeatureAspire.Tests.Admin;

/// <summary>The admin's YARP gateway in-process, forwarding to a stand-in featureapi found through service discovery.</summary>
public sealed class ApiGatewayTests
{
    private const string AdminApiKey = "gateway-test-admin-key";
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private sealed record Seen(string PathAndQuery, string? TraceParent, string? ApiKey, string? Cookie);

    [Fact]
    public async Task ASignedInAdminsCallIsForwardedWithTheAdminsKeyAndTheCallersTrace()
    {
        var seen = new TaskCompletionSource<Seen>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var featureApi = await StartAsync(WebApplication.CreateSlimBuilder(), app =>
            app.MapGet("/api/features/definitions", (HttpRequest request) =>
            {
                seen.TrySetResult(new(request.Path + request.QueryString, request.Headers.TraceParent,
                    request.Headers["X-API-Key"], request.Headers.Cookie));
                return Results.Text("[]", "application/json");
            }));
        await using var gateway = await StartGatewayAsync(featureApi);

        // The test's own client must not add a trace of its own: the header below is the caller's trace.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(gateway.Urls.Single()) };
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/features/definitions?limit=5");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        request.Headers.Add("Cookie", SessionCookie(gateway));
        request.Headers.Add("X-API-Key", "a-key-the-browser-made-up");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var forwarded = await seen.Task.WaitAsync(Timeout);
        Assert.Equal("/api/features/definitions?limit=5", forwarded.PathAndQuery);
        Assert.NotNull(forwarded.TraceParent);
        Assert.Contains(traceId.ToHexString(), forwarded.TraceParent, StringComparison.Ordinal);
        Assert.Equal(AdminApiKey, forwarded.ApiKey);
        Assert.True(string.IsNullOrEmpty(forwarded.Cookie), "the admin's session cookie must stay at the gateway");
    }

    [Fact]
    public async Task AnAnonymousCallIsRefusedWithAProblemAndNotForwarded()
    {
        var forwarded = false;
        await using var featureApi = await StartAsync(WebApplication.CreateSlimBuilder(), app =>
            app.MapDelete("/api/users/1/features", () => { forwarded = true; return Results.NoContent(); }));
        await using var gateway = await StartGatewayAsync(featureApi);

        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(gateway.Urls.Single()) };
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/users/1/features");
        request.Headers.Add("X-API-Key", AdminApiKey);
        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        ProblemAssertions.AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.False(forwarded);
    }

    [Fact]
    public async Task PathsOutsideApiAreNotForwarded()
    {
        var forwarded = false;
        await using var featureApi = await StartAsync(WebApplication.CreateSlimBuilder(), app =>
            app.MapGet("/health", () => { forwarded = true; return "Healthy"; }));
        await using var gateway = await StartGatewayAsync(featureApi);

        using var client = new HttpClient { BaseAddress = new Uri(gateway.Urls.Single()) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("Cookie", SessionCookie(gateway));
        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(forwarded);
    }

    [Fact]
    public void TheAdminRefusesToStartWithoutAPassword()
    {
        var builder = WebApplication.CreateSlimBuilder();

        var refusal = Assert.Throws<InvalidOperationException>(() => builder.AddAdminAuthentication());

        Assert.Contains("Admin:Password", refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>A signed-in admin's session cookie, made by the gateway's own cookie protection.</summary>
    internal static string SessionCookie(WebApplication gateway) =>
        gateway.Services.GetRequiredService<AdminSession>().CookieHeader(AdminSession.Principal(), TimeSpan.FromMinutes(5));

    /// <summary>Starts the admin's gateway (sign-in and proxy only) in front of <paramref name="featureApi"/>; <paramref name="configure"/> adds services.</summary>
    internal static Task<WebApplication> StartGatewayAsync(WebApplication featureApi, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["services:featureapi:http:0"] = featureApi.Urls.Single();
        builder.Configuration["Admin:Password"] = "gateway-test-password";
        builder.Configuration["FeatureApi:ApiKey"] = AdminApiKey;
        builder.AddServiceDefaults();
        builder.AddAdminAuthentication();
        builder.AddApiGateway();
        configure?.Invoke(builder);
        return StartAsync(builder, app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapApiGateway();
        });
    }

    /// <summary>Starts <paramref name="builder"/>'s app on a free loopback port, with the routes <paramref name="map"/> adds.</summary>
    internal static async Task<WebApplication> StartAsync(WebApplicationBuilder builder, Action<WebApplication> map)
    {
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync().WaitAsync(Timeout);
        return app;
    }
}
