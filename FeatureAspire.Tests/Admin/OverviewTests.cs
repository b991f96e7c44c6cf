using System.Net;
using System.Text.Json;
using Bunit;
using FeatureAdmin.Api;
using FeatureAdmin.Components.Pages;
using FeatureAspire.Client;
using FeatureAspire.Tests.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAspire.Tests.Admin;

/// <summary>The overview page against a stand-in featureapi whose two replicas, and whose service address, answer every call with "Healthy".</summary>
public sealed class OverviewTests
{
    private static readonly Uri[] ReplicaAddresses = [new("http://127.0.0.1:5001/"), new("http://127.0.0.1:5002/")];

    [Fact]
    public async Task OneLoadAsksEachReplicasHealthOnceAndShowsTheServiceFromThoseAnswers()
    {
        using var featureApi = new StubFeatureApi(HttpStatusCode.OK, "Healthy", "text/plain");
        // Disposed asynchronously: service discovery's resolver only implements IAsyncDisposable.
        await using var context = Overview(featureApi.CreateClient(), featureApi);

        var page = context.Render<Home>();

        // The page shows its tiles once every call of the load has come back.
        // bUnit waits one second by default; a loaded machine can take longer to run the calls.
        page.WaitForAssertion(() => Assert.Equal("2 of 2 answering", page.Find("[data-testid=replicas-answering]").TextContent.Trim()),
            TimeSpan.FromSeconds(30));
        var asked = featureApi.Requests.Where(request => request.RequestUri!.AbsolutePath == "/health").Select(request => request.RequestUri!.Authority);
        Assert.Equal(ReplicaAddresses.Select(address => address.Authority), asked.Order(StringComparer.Ordinal));
        Assert.Contains("/health answered “Healthy”", page.Find("[data-testid=api-tile]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryEntityOfTheRepositoryIsCountedAndOneThatFailsSaysWhy()
    {
        var registry = JsonSerializer.Serialize(new RegistryDocument(2, DateTimeOffset.UnixEpoch, "featureadmin", "Added item.", null,
            AdminRepositories.DefaultWithItems), FeatureApiJsonContext.Default.RegistryDocument);
        using var featureApi = new RoutedFeatureApi()
            .Answer("/health", "Healthy", mediaType: "text/plain")
            .Answer("/api/features/definitions", "[]")
            .Answer("/api/registry", registry)
            .Answer("/api/entities/user/count", """{"count":1234}""")
            .Answer("/api/entities/item/count", """{"title":"The store is down."}""", HttpStatusCode.ServiceUnavailable, "application/problem+json");
        await using var context = Overview(featureApi.CreateClient(), featureApi);

        var page = context.Render<Home>();

        page.WaitForAssertion(() => Assert.Equal("Users: 1,234", Text(page, "[data-testid=user-count]")), TimeSpan.FromSeconds(30));
        Assert.StartsWith("Items:", Text(page, "[data-testid=item-count]"), StringComparison.Ordinal);
        Assert.Contains("503", Text(page, "[data-testid=item-count]"), StringComparison.Ordinal);
        Assert.Equal("version 2", Text(page, "[data-testid=repository-version]"));
    }

    [Fact]
    public async Task TheStoreTileNamesAClustersPrimariesReplicasAndDisconnectedNodesAndTheGridListsThem()
    {
        using var featureApi = new RoutedFeatureApi()
            .Answer("/health", "Healthy", mediaType: "text/plain")
            .Answer("/api/features/definitions", "[]")
            .Answer("/api/store", """
                {"server":"redis","version":"7.0.15","healthy":true,"pingMilliseconds":0.2,"topology":{"mode":"cluster","nodes":[
                  {"endpoint":"127.0.0.1:7001","role":"primary","connected":true,"slots":"0-5460"},
                  {"endpoint":"127.0.0.1:7002","role":"primary","connected":true,"slots":"5461-10922"},
                  {"endpoint":"127.0.0.1:7003","role":"primary","connected":false,"slots":"10923-16383"},
                  {"endpoint":"127.0.0.1:7004","role":"replica","connected":true,"primary":"127.0.0.1:7001"}]}}
                """);
        await using var context = Overview(featureApi.CreateClient(), featureApi);

        var page = context.Render<Home>();

        page.WaitForAssertion(() => Assert.Equal("cluster · 3 primaries · 1 replica · 1 disconnected", Text(page, "[data-testid=store-mode]")),
            TimeSpan.FromSeconds(30));
        var rows = page.FindAll("[data-testid=store-topology] tr").Skip(1)
            .Select(row => string.Join(' ', row.QuerySelectorAll("td").Select(cell => cell.TextContent.Trim()).Where(text => text.Length > 0))).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal("127.0.0.1:7003 primary 10923-16383 disconnected", rows[2]);
        Assert.Equal("127.0.0.1:7004 replica 127.0.0.1:7001 connected", rows[3]);
    }

    /// <summary>The overview's services as the admin wires them, every call (the replicas' too) answered by <paramref name="featureApi"/>.</summary>
    private static BunitContext Overview(HttpClient client, HttpMessageHandler featureApi)
    {
        var context = new BunitContext();
        context.Services.AddFluentUIComponents();
        context.Services.AddSingleton(new FeatureApiClient(client, apiKey: "overview-test-key"));
        context.Services.AddReplicaStatus(ReplicaStatusServices.ReplicaList(ReplicaAddresses), featureApi);
        context.Services.AddScoped<FeatureCatalog>();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        return context;
    }

    private static string Text(IRenderedComponent<Home> page, string selector) =>
        string.Join(' ', page.Find(selector).TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
