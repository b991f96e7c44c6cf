using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using FeatureAdmin.Probe;
using FeatureAdmin.Security;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Admin;

/// <summary>
/// A signed-in admin's browser sends its session cookie from any page of the same site; the gateway forwards an
/// unsafe method only when the request comes from the admin's own origin.
/// </summary>
public sealed class GatewaySameOriginTests
{
    private const string OwnOrigin = "own";

    [Fact]
    public async Task ACrossSitePostFromASignedInBrowserIsRefusedCountedAndNotForwarded()
    {
        await using var stack = await GatewayStack.StartAsync();
        using var refusals = new GatewayRefusals(stack.Gateway);
        using var request = stack.SignedInRequest(HttpMethod.Post, "/api/events", fetchSite: "cross-site", origin: "http://localhost:1");

        using var response = await stack.Client.SendAsync(request).WaitAsync(ApiGatewayTests.Timeout);

        ProblemAssertions.AssertProblem(response, HttpStatusCode.Forbidden);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.False(string.IsNullOrWhiteSpace(problem?.Title));
        Assert.Contains("from another site", problem?.Detail, StringComparison.Ordinal);
        Assert.Equal(0, stack.Forwarded);
        Assert.Equal(["cross-site"], refusals.Reasons);
    }

    [Fact]
    public async Task ASameOriginPostFromASignedInBrowserIsForwarded()
    {
        await using var stack = await GatewayStack.StartAsync();
        using var request = stack.SignedInRequest(HttpMethod.Post, "/api/events", fetchSite: SameOriginGuard.SameOrigin, origin: OwnOrigin);

        using var response = await stack.Client.SendAsync(request).WaitAsync(ApiGatewayTests.Timeout);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, stack.Forwarded);
    }

    [Fact]
    public async Task WithoutSecFetchSiteTheAdminsOwnOriginIsEnough()
    {
        await using var stack = await GatewayStack.StartAsync();
        using var request = stack.SignedInRequest(HttpMethod.Put, "/api/users/1/features", fetchSite: null, origin: OwnOrigin);

        using var response = await stack.Client.SendAsync(request).WaitAsync(ApiGatewayTests.Timeout);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, stack.Forwarded);
    }

    [Theory]
    [InlineData("POST", "same-site", null, "same-site")]
    [InlineData("PUT", "none", null, "none")]
    [InlineData("POST", "cross-site", OwnOrigin, "cross-site")]
    [InlineData("PATCH", "nonsense", null, "unknown-fetch-site")]
    [InlineData("DELETE", null, "http://127.0.0.1:1", "foreign-origin")]
    [InlineData("DELETE", null, "null", "foreign-origin")]
    [InlineData("POST", null, null, "no-origin")]
    public async Task AnUnsafeRequestNotFromTheAdminsOwnOriginIsRefusedCountedAndNotForwarded(string method, string? fetchSite, string? origin, string reason)
    {
        await using var stack = await GatewayStack.StartAsync();
        using var refusals = new GatewayRefusals(stack.Gateway);
        using var request = stack.SignedInRequest(new HttpMethod(method), "/api/users/1/features", fetchSite, origin);

        using var response = await stack.Client.SendAsync(request).WaitAsync(ApiGatewayTests.Timeout);

        ProblemAssertions.AssertProblem(response, HttpStatusCode.Forbidden, $"with Sec-Fetch-Site '{fetchSite}' and Origin '{origin}'");
        Assert.Equal(0, stack.Forwarded);
        Assert.Equal([reason], refusals.Reasons);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    public async Task ASafeRequestIsForwardedFromAnyOrigin(string method)
    {
        await using var stack = await GatewayStack.StartAsync();
        using var request = stack.SignedInRequest(new HttpMethod(method), "/api/features/definitions", fetchSite: "same-site", origin: "http://localhost:1");

        using var response = await stack.Client.SendAsync(request).WaitAsync(ApiGatewayTests.Timeout);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, stack.Forwarded);
    }

    [Fact]
    public async Task AProbeThroughTheGatewayPassesAsOneOfTheAdminsOwnPages()
    {
        await using var stack = await GatewayStack.StartAsync(builder => ProbeClients.Register(builder.Services));
        var target = stack.Gateway.Services.GetRequiredService<ProbeClients>()
            .Create(ProbeRoute.Proxy, AdminSession.Principal(), TimeSpan.FromMinutes(5));

        var outcome = await target.SendAsync(new ProbeRequest(ProbeRequestFactory.SinglePath, "{}"u8.ToArray(), 1), CancellationToken.None)
            .AsTask().WaitAsync(ApiGatewayTests.Timeout);

        Assert.True(outcome.Success, outcome.Error);
        Assert.Equal(1, stack.Forwarded);
    }

    private sealed record ProblemBody(string? Title, string? Detail);

    /// <summary>A stand-in featureapi that counts what reaches it, the gateway in front of it, and a client of the gateway.</summary>
    private sealed class GatewayStack : IAsyncDisposable
    {
        private readonly StrongBox<int> forwarded;

        private GatewayStack(WebApplication featureApi, WebApplication gateway, StrongBox<int> forwarded)
        {
            FeatureApi = featureApi;
            Gateway = gateway;
            this.forwarded = forwarded;
            Client = new HttpClient { BaseAddress = new Uri(gateway.Urls.Single()) };
        }

        public WebApplication FeatureApi { get; }
        public WebApplication Gateway { get; }
        public HttpClient Client { get; }

        /// <summary>How many requests reached featureapi.</summary>
        public int Forwarded => Volatile.Read(ref forwarded.Value);

        public static async Task<GatewayStack> StartAsync(Action<WebApplicationBuilder>? configure = null)
        {
            var forwarded = new StrongBox<int>();
            var featureApi = await ApiGatewayTests.StartAsync(WebApplication.CreateSlimBuilder(), app =>
                app.Map("/api/{**rest}", () =>
                {
                    Interlocked.Increment(ref forwarded.Value);
                    return Results.NoContent();
                }));
            var gateway = await ApiGatewayTests.StartGatewayAsync(featureApi, configure);
            return new GatewayStack(featureApi, gateway, forwarded);
        }

        /// <summary>
        /// A request with the admin's session cookie and the given site headers (null leaves one out;
        /// <see cref="OwnOrigin"/> stands for the gateway's own origin).
        /// </summary>
        public HttpRequestMessage SignedInRequest(HttpMethod method, string path, string? fetchSite, string? origin)
        {
            var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Get || method == HttpMethod.Head ? null : JsonContent.Create(new { }) };
            request.Headers.Add("Cookie", ApiGatewayTests.SessionCookie(Gateway));
            if (fetchSite is not null)
            {
                request.Headers.Add(SameOriginGuard.FetchSiteHeader, fetchSite);
            }
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin == OwnOrigin ? Client.BaseAddress!.GetLeftPart(UriPartial.Authority) : origin);
            }
            return request;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Gateway.DisposeAsync();
            await FeatureApi.DisposeAsync();
        }
    }
}
