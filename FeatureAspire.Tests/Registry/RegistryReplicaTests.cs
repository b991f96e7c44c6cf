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
}
