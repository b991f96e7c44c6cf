using System.Net;
using System.Net.Http.Headers;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace FeatureAspire.Tests.Client;

/// <summary><c>AddFeatureApiClient</c>: settings from configuration, service discovery, resilience, health and keys.</summary>
public sealed class FeatureApiClientRegistrationTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public async Task TheKeyAndEndpointComeFromConfiguration()
    {
        using var stub = new StubFeatureApi(HttpStatusCode.OK, """{"count":1}""", "application/json");
        using var host = Build(new()
        {
            ["FeatureApi:ApiKey"] = "shared-key",
            ["Aspire:FeatureAspire:Client:featureapi:Endpoint"] = "http://configured.test:8080",
        }, builder => builder.AddFeatureApiClient("featureapi", configureHttpClient: http => http.ConfigurePrimaryHttpMessageHandler(() => stub)));

        await host.Services.GetRequiredService<FeatureApiClient>().CountUsersAsync();

        var request = Assert.Single(stub.Requests);
        Assert.Equal("http://configured.test:8080/api/users/count", request.RequestUri?.ToString());
        Assert.Equal(["shared-key"], request.Headers.GetValues(FeatureApiClient.ApiKeyHeaderName));
    }

    [Fact]
    public async Task AConnectionStringNamesTheEndpointAndKey()
    {
        using var stub = new StubFeatureApi(HttpStatusCode.OK, """{"count":1}""", "application/json");
        using var host = Build(new()
        {
            ["FeatureApi:ApiKey"] = "shared-key",
            ["ConnectionStrings:features"] = "Endpoint=http://external.test;ApiKey=own-key",
        }, builder => builder.AddFeatureApiClient("features", configureHttpClient: http => http.ConfigurePrimaryHttpMessageHandler(() => stub)));

        await host.Services.GetRequiredService<FeatureApiClient>().CountUsersAsync();

        var request = Assert.Single(stub.Requests);
        Assert.Equal("external.test", request.RequestUri?.Host);
        Assert.Equal(["own-key"], request.Headers.GetValues(FeatureApiClient.ApiKeyHeaderName));
    }

    [Fact]
    public async Task TheResourceIsFoundByServiceDiscoveryAndAnswersWithServiceDefaults()
    {
        await using var api = new FeatureApiHost(garnet.Store);
        using var apiClient = api.CreateClient();
        using var host = Build(new()
        {
            ["services:featureapi:http:0"] = apiClient.BaseAddress!.ToString(),
            ["FeatureApi:ApiKey"] = FeatureApiTestClients.KeyOf(apiClient),
        }, builder =>
        {
            builder.AddServiceDefaults();
            builder.AddFeatureApiClient("featureapi");
        });
        var client = host.Services.GetRequiredService<FeatureApiClient>();

        var vector = await client.ExtractAsync(ApiFixture.NewUserId(), 250.0, ["f_normalized_value"]);
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(new Uri("https+http://featureapi"), client.BaseAddress);
        Assert.Equal(2.5, vector.Features["f_normalized_value"]);
        Assert.Equal(HealthStatus.Healthy, health.Entries[FeatureApiClient.ActivitySourceName].Status);
    }

    [Fact]
    public async Task AnUnreachableFeatureApiMakesTheCallerUnhealthy()
    {
        using var host = Build(new() { ["services:featureapi:http:0"] = $"http://127.0.0.1:{FeatureApiCalls.FreeLoopbackPort()}" },
            builder => builder.AddFeatureApiClient("featureapi", settings => settings.HealthCheckTimeout = TimeSpan.FromSeconds(1)));

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, health.Entries[FeatureApiClient.ActivitySourceName].Status);
    }

    [Fact]
    public async Task ServiceDefaultsDoNotAddASecondRoundOfRetries()
    {
        using var stub = new StubFeatureApi(HttpStatusCode.ServiceUnavailable, """{"title":"The feature store is unavailable.","status":503}""",
            decorate: response => response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.Zero));
        using var host = Build(new() { ["services:featureapi:http:0"] = "http://featureapi.test" }, builder =>
        {
            builder.AddServiceDefaults();
            builder.AddFeatureApiClient("featureapi", configureHttpClient: http => http.ConfigurePrimaryHttpMessageHandler(() => stub));
        });

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => host.Services.GetRequiredService<FeatureApiClient>().GetStoreAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        // The standard handler's one attempt and three retries; a second handler would make it sixteen.
        Assert.Equal(4, stub.Requests.Count);
    }

    [Fact]
    public async Task WithoutResilienceACallIsSentOnce()
    {
        using var stub = new StubFeatureApi(HttpStatusCode.ServiceUnavailable, """{"status":503}""",
            decorate: response => response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.Zero));
        using var host = Build(new() { ["Aspire:FeatureAspire:Client:DisableResilience"] = "true", ["services:featureapi:http:0"] = "http://featureapi.test" },
            builder =>
            {
                builder.AddServiceDefaults();
                builder.AddFeatureApiClient("featureapi", configureHttpClient: http => http.ConfigurePrimaryHttpMessageHandler(() => stub));
            });

        await Assert.ThrowsAsync<FeatureApiException>(() => host.Services.GetRequiredService<FeatureApiClient>().GetStoreAsync());

        Assert.Single(stub.Requests);
    }

    [Fact]
    public void KeyedClientsAddressTheirOwnResources()
    {
        using var host = Build(new(), builder =>
        {
            builder.AddKeyedFeatureApiClient("features-eu");
            builder.AddKeyedFeatureApiClient("features-us", settings => settings.DisableHealthChecks = true);
        });

        var eu = host.Services.GetRequiredKeyedService<FeatureApiClient>("features-eu");
        var us = host.Services.GetRequiredKeyedService<FeatureApiClient>("features-us");

        Assert.Equal(new Uri("https+http://features-eu"), eu.BaseAddress);
        Assert.Equal(new Uri("https+http://features-us"), us.BaseAddress);
        Assert.Null(host.Services.GetService<FeatureApiClient>());
    }

    private static IHost Build(Dictionary<string, string?> configuration, Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(configuration);
        configure(builder);
        return builder.Build();
    }
}
