using System.Net;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>Liveness and readiness: a store outage degrades FeatureApi's readiness but never takes it out of service.</summary>
public sealed class HealthTests
{
    [RequiresRedisServerFact]
    public async Task AStoppedStoreLeavesFeatureApiAliveAndReadyButDegraded()
    {
        var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store);
        using var anonymous = host.CreateClient(apiKey: null);
        Assert.Equal("Healthy", await StatusAsync(anonymous, "/health"));

        await store.DisposeAsync();

        Assert.Equal("Degraded", await StatusAsync(anonymous, "/health"));
        Assert.Equal("Healthy", await StatusAsync(anonymous, "/alive"));
    }

    /// <summary>The status word of a health endpoint, which must answer 200 (an orchestrator keeps the instance in service).</summary>
    private static async Task<string> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
