using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Registry;

/// <summary>
/// Every FeatureApi process on a store serves a version within a second of its apply; a process that cannot load a
/// version keeps serving the last one it could and says why in its health.
/// </summary>
public sealed class RegistryReplicaTests
{
    [RequiresRedisServerFact]
    public async Task TwoReplicasServeEachAppliedVersionWithinASecond()
    {
        await using var store = RedisServerProcess.Start();
        await using var first = new FeatureApiHost(store);
        await using var second = new FeatureApiHost(store);
        using var applier = first.CreateClient();
        using var other = second.CreateClient();

        foreach (var document in new[] { TeamRepository.Yaml, FeatureApi.Definitions.DefaultRepository.Text, TeamRepository.Yaml })
        {
            var version = await applier.ApplyAsync(document);
            var applied = Stopwatch.StartNew();
            while (await other.ServedVersionAsync() != version && applied.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(10);
            }

            Assert.Equal(version, await applier.ServedVersionAsync());
            Assert.Equal(version, await other.ServedVersionAsync());
            Assert.True(applied.Elapsed < TimeSpan.FromSeconds(1), $"The other replica served version {version} {applied.ElapsedMilliseconds} ms after the apply answered.");
        }
    }

    [RequiresRedisServerFact]
    public async Task AVersionThatCannotBeLoadedLeavesTheLastOneServingAndDegradesHealth()
    {
        await using var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store);
        using var api = host.CreateClient();
        var good = await api.ApplyAsync(TeamRepository.Yaml);

        // A version the store holds but this FeatureApi cannot compile, as a newer FeatureApi's document might be.
        await using (var admin = await store.ConnectAsync())
        {
            var database = admin.GetDatabase();
            await database.HashSetAsync("fs:registry:{r}:documents", good + 1, "entities: [{ name: user, key: uuid }]");
            await database.HashSetAsync("fs:registry:{r}:records", good + 1, "{\"appliedBy\":\"someone\"}");
            await database.StringSetAsync("fs:registry:{r}:version", good + 1);
        }
        using var anonymous = host.CreateClient(apiKey: null);
        var health = "";
        for (var attempt = 0; attempt < 50 && !health.Contains("Degraded", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            health = await anonymous.GetStringAsync("/health");
        }

        Assert.Equal("Degraded", health);
        Assert.Equal(good, await api.ServedVersionAsync());
        var status = await api.GetFromJsonAsync<JsonElement>("/api/registry/status");
        Assert.Equal(good, status.GetProperty("loadedVersion").GetInt64());
        Assert.Contains($"Version {good + 1} does not compile", status.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [RequiresRedisServerFact]
    public async Task AVersionWhoseDocumentIsMissingIsServedOnceTheDocumentArrives()
    {
        await using var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store);
        using var api = host.CreateClient();
        var good = await api.ApplyAsync(TeamRepository.Yaml);
        await using var admin = await store.ConnectAsync();
        var database = admin.GetDatabase();

        await database.StringSetAsync("fs:registry:{r}:version", good + 1);
        var status = await WaitForStatusAsync(api, s => s.GetProperty("error").GetString()?.Contains("not in the store", StringComparison.Ordinal) == true);
        await database.HashSetAsync("fs:registry:{r}:records", good + 1, "{\"appliedBy\":\"restore\"}");
        await database.HashSetAsync("fs:registry:{r}:documents", good + 1, TeamRepository.Yaml + "\n# restored\n");
        var served = await WaitForStatusAsync(api, s => s.GetProperty("loadedVersion").GetInt64() == good + 1);

        Assert.Equal(good, status.GetProperty("loadedVersion").GetInt64());
        Assert.Equal(JsonValueKind.Null, served.GetProperty("error").ValueKind);
        Assert.Equal(good + 1, await api.ServedVersionAsync());
    }

    /// <summary>Polls the registry status for up to ten seconds until <paramref name="done"/>; returns the last answer.</summary>
    private static async Task<JsonElement> WaitForStatusAsync(HttpClient api, Func<JsonElement, bool> done)
    {
        var status = default(JsonElement);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            status = await api.GetFromJsonAsync<JsonElement>("/api/registry/status");
            if (done(status))
            {
                break;
            }
            await Task.Delay(100);
        }
        return status;
    }
}
