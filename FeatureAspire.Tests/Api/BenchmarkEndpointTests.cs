using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>
/// The benchmark's reference endpoints: absent unless asked for, only for callers on this machine, outside /api (where the
/// admin's gateway forwards), and the naive pipeline answers like the real one.
/// </summary>
public sealed class BenchmarkEndpointTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    private readonly StoreServer store = garnet.Store;

    [Fact]
    public async Task ReferenceEndpointsDoNotExistWithoutTheBenchmarkFlag()
    {
        await using var host = new FeatureApiHost(store);
        using var api = host.CreateClient();

        using var constant = await api.PostAsJsonAsync("/bench/constant", new { userId = 1, currentValue = 1.0 });
        using var naive = await api.PostAsJsonAsync("/bench/naive/extract/batch", new { requests = new[] { new { userId = 1, currentValue = 1.0 } } });

        Assert.Equal(HttpStatusCode.NotFound, constant.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, naive.StatusCode);
    }

    [Fact]
    public async Task TheNaivePipelineAnswersWhatThePipelineAnswers()
    {
        await using var host = new FeatureApiHost(store, new Dictionary<string, string?> { ["Benchmarks:Enabled"] = "true" });
        using var api = host.CreateClient();
        var known = ApiFixture.NewUserId();
        await api.SeedAsync(known, new { user_age = 41, last_7d_clicks = 3.5 });
        var batch = new { requests = new[] { new { userId = known, currentValue = 12.5 }, new { userId = ApiFixture.NewUserId(), currentValue = 7.0 } } };

        using var pipeline = await api.PostAsJsonAsync("/api/features/extract/batch", batch);
        using var naive = await api.PostAsJsonAsync("/bench/naive/extract/batch", batch);

        Assert.Equal(HttpStatusCode.OK, naive.StatusCode);
        var expected = (await pipeline.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        var actual = (await naive.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
        for (var i = 0; i < expected.GetArrayLength(); i++)
        {
            var want = expected[i].GetProperty("features").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            var got = actual[i].GetProperty("features").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(want, got);
        }
    }

    [SkippableFact]
    public async Task ReferenceEndpointsAnswerOnlyCallersOnThisMachine()
    {
        var external = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .FirstOrDefault(address => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));
        Skip.If(external is null, "This machine has no address but loopback.");
        await using var host = new FeatureApiHost(store, new Dictionary<string, string?> { ["Benchmarks:Enabled"] = "true" }, listenOnAnyAddress: true);
        using var local = host.CreateClient();
        local.BaseAddress = new UriBuilder(local.BaseAddress!) { Host = "127.0.0.1" }.Uri;
        using var remote = host.CreateClient();
        remote.BaseAddress = new UriBuilder(local.BaseAddress!) { Host = external.ToString() }.Uri;

        using var fromLoopback = await local.PostAsJsonAsync("/bench/constant", new { userId = 1, currentValue = 1.0 });
        using var fromAnotherAddress = await remote.PostAsJsonAsync("/bench/constant", new { userId = 1, currentValue = 1.0 });
        using var realRoute = await remote.PostAsJsonAsync("/api/features/extract", new { userId = 1, currentValue = 1.0 });

        Assert.Equal(HttpStatusCode.OK, fromLoopback.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, fromAnotherAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, realRoute.StatusCode);
    }
}
