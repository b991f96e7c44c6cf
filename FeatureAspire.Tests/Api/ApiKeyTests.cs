using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureApi.Auth;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Api;

/// <summary>
/// Every /api route, read from the endpoint list so a new route without a scope policy fails here: no key or an
/// unknown key is a 401 challenge, a key without the route's scope a 403.
/// </summary>
[Collection(nameof(GarnetApiCollection))]
public sealed class ApiKeyTests(GarnetApiFixture fixture)
{
    private IReadOnlyList<(string Method, string Path, string Scope)> ApiRoutes()
    {
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .ToList();
        Assert.NotEmpty(endpoints);
        var routes = new List<(string, string, string)>();
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.RoutePattern.RawText!;
            var scopes = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? "").Where(ApiScopes.All.Contains).Distinct().ToList();
            Assert.True(scopes.Count == 1, $"{route} must require exactly one scope policy ({string.Join(", ", ApiScopes.All)}); it has {scopes.Count}.");
            var path = route.Replace("{userId}", "1", StringComparison.Ordinal);
            foreach (var method in endpoint.Metadata.GetRequiredMetadata<HttpMethodMetadata>().HttpMethods)
            {
                routes.Add((method, path, scopes[0]));
            }
        }
        return routes;
    }

    [Fact]
    public async Task EveryApiRouteChallengesARequestWithoutAKnownKey()
    {
        using var anonymous = fixture.Host.CreateClient(apiKey: null);
        using var unknown = fixture.Host.CreateClient(apiKey: "an-unknown-key-of-enough-length");

        foreach (var (method, path, _) in ApiRoutes())
        {
            foreach (var client in new[] { anonymous, unknown })
            {
                using var response = await client.SendAsync(Request(method, path));

                ProblemAssertions.AssertProblem(response, HttpStatusCode.Unauthorized, "without a known key");
                Assert.Equal("ApiKey", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
            }
        }
    }

    [Fact]
    public async Task EveryApiRouteForbidsAKeyWithoutItsScope()
    {
        using var reader = fixture.Host.CreateClient(FeatureApiHost.ReaderKey);
        using var writer = fixture.Host.CreateClient(FeatureApiHost.WriterKey);

        foreach (var (method, path, scope) in ApiRoutes())
        {
            var wrongScope = scope == ApiScopes.Read ? writer : reader;

            using var response = await wrongScope.SendAsync(Request(method, path));

            ProblemAssertions.AssertProblem(response, HttpStatusCode.Forbidden, $"to a key without {scope}");
        }
    }

    [Fact]
    public async Task AKeyWithTheRouteScopeGetsIn()
    {
        using var reader = fixture.Host.CreateClient(FeatureApiHost.ReaderKey);
        using var writer = fixture.Host.CreateClient(FeatureApiHost.WriterKey);
        var userId = ApiFixture.NewUserId();

        using var write = await writer.PutAsJsonAsync($"/api/users/{userId}/features", new { user_age = 40 });
        var read = await reader.GetFromJsonAsync<JsonElement>($"/api/users/{userId}/features");

        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        Assert.Equal(40, read.GetProperty("features").GetProperty("user_age").GetDouble());
    }

    [Fact]
    public async Task HealthEndpointsStayOpen()
    {
        using var anonymous = fixture.Host.CreateClient(apiKey: null);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheKeyScheme()
    {
        using var anonymous = fixture.Host.CreateClient(apiKey: null);

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-API-Key", scheme.GetProperty("name").GetString());
        Assert.True(document.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
    }

    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
}
