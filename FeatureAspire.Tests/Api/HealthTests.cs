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

        // The store's state is at most a second old: the outage shows within a few seconds.
        Assert.Equal("Degraded", await EventuallyAsync(anonymous, "/health", "Degraded"));
        Assert.Equal("Healthy", await StatusAsync(anonymous, "/alive"));
    }

    [RequiresRedisServerFact]
    public async Task AFloodOfHealthChecksAsksTheStoreAboutOnceASecond()
    {
        await using var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store);
        using var anonymous = host.CreateClient(apiKey: null);
        await using var admin = await store.ConnectAsync();
        var server = admin.GetServers().Single();
        Assert.Equal("Healthy", await StatusAsync(anonymous, "/health"));
        await StoreCommandStats.ResetAsync(server);

        var started = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => StatusAsync(anonymous, "/health")));
        var seconds = started.Elapsed.TotalSeconds;

        var pings = (await StoreCommandStats.CallsAsync(server)).GetValueOrDefault("ping");
        Assert.True(pings <= Math.Ceiling(seconds) + 1, $"200 health checks in {seconds:F1} s sent {pings} PINGs to the store.");
    }

    private static async Task<string> EventuallyAsync(HttpClient client, string path, string expected)
    {
        var status = await StatusAsync(client, path);
        for (var attempt = 0; attempt < 50 && status != expected; attempt++)
        {
            await Task.Delay(100);
            status = await StatusAsync(client, path);
        }
        return status;
    }

    /// <summary>The status word of a health endpoint, which must answer 200 (an orchestrator keeps the instance in service).</summary>
    private static async Task<string> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
