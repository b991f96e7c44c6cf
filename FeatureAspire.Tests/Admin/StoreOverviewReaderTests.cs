using System.Net;
using FeatureAdmin.Api;
using FeatureAspire.Client;
using FeatureAspire.Tests.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Admin;

/// <summary>The overview reads the store's topology from GET /api/store, which the client does not return yet.</summary>
public sealed class StoreOverviewReaderTests
{
    private const string Key = "store-overview-test-key";

    private static async Task<StoreOverview> ReadAsync(StubFeatureApi featureApi)
    {
        await using var provider = new ServiceCollection().AddStoreOverview(featureApi, Key).BuildServiceProvider();
        return await provider.GetRequiredService<StoreOverviewReader>().GetAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AClusterIsNamedWithItsPrimariesSlotsAndReplicasAndTheAdminsKeyIsSent()
    {
        using var featureApi = new StubFeatureApi(HttpStatusCode.OK, """
            {"server":"redis","version":"7.0.15","healthy":true,"pingMilliseconds":0.2,"topology":{"mode":"cluster","nodes":[
              {"endpoint":"127.0.0.1:7001","role":"primary","connected":true,"slots":"0-5460"},
              {"endpoint":"127.0.0.1:7002","role":"primary","connected":true,"slots":"5461-10922"},
              {"endpoint":"127.0.0.1:7003","role":"primary","connected":false,"slots":"10923-16383"},
              {"endpoint":"127.0.0.1:7004","role":"replica","connected":true,"primary":"127.0.0.1:7001"}]}}
            """, "application/json");

        var overview = await ReadAsync(featureApi);

        Assert.Equal(new StoreInfo("redis", "7.0.15", true, 0.2), overview.Info);
        Assert.Equal("cluster · 3 primaries · 1 replica", overview.Topology?.Summary);
        Assert.Equal(3, overview.Topology?.Connected);
        Assert.Equal("127.0.0.1:7001", overview.Topology?.Nodes[3].Primary);
        Assert.Equal(Key, featureApi.Requests.Single().Headers.GetValues(FeatureApiClient.ApiKeyHeaderName).Single());
    }

    [Fact]
    public async Task OneServerIsStandaloneAndAnAnswerWithoutTopologyStillGivesTheStore()
    {
        using var standalone = new StubFeatureApi(HttpStatusCode.OK,
            """{"server":"garnet","version":"1.0","healthy":true,"topology":{"mode":"standalone","nodes":[{"endpoint":"127.0.0.1:6379","role":"primary","connected":true}]}}""",
            "application/json");
        using var older = new StubFeatureApi(HttpStatusCode.OK, """{"server":"redis","version":"7.0","healthy":false}""", "application/json");

        Assert.Equal("standalone", (await ReadAsync(standalone)).Topology?.Summary);
        var overview = await ReadAsync(older);
        Assert.Null(overview.Topology);
        Assert.False(overview.Info.Healthy);
    }

    [Fact]
    public async Task ARefusalIsTheClientsExceptionNamingTheStatus()
    {
        using var featureApi = new StubFeatureApi(HttpStatusCode.Forbidden);

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => ReadAsync(featureApi));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("403", ApiCall.Describe(refused), StringComparison.Ordinal);
    }
}
