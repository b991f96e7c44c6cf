using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Registry;

namespace FeatureAspire.Tests.Api;

/// <summary>
/// The ranking call: one user and its candidate items, answered in candidate order with the same values the
/// one-row extract gives, the user read once and each distinct item once (the store's own command counts say so), on
/// redis-server, Garnet and the cluster (where the user and the items live in different slots). The near cache is off:
/// these tests count what reaches the store.
/// </summary>
public abstract class CandidatesTests(string storeKind)
    : StoreApiTests(storeKind, TeamRepository.Yaml, new Dictionary<string, string?> { ["FeatureServing:CacheTtl"] = "00:00:00" })
{
    private const string Path = "/api/features/extract/candidates";

    [SkippableFact]
    public async Task EachCandidateIsAnsweredInOrderWithTheValuesOfItsOwnExtract()
    {
        SkipWithoutStore();
        var user = ApiFixture.NewUserId();
        var items = Enumerable.Range(0, 5).Select(i => $"sku-{user}-{i}").ToArray();
        await Api.SeedAsync(user, new { user_age = 25 });
        for (var i = 0; i < items.Length; i++)
        {
            using var write = await Api.PutAsJsonAsync($"/api/entities/item/{items[i]}/features", new { item_price = 10.0 * (i + 1) });
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        }
        // The candidates come in the caller's order, one of them twice and one never written.
        string[] candidates = [items[3], items[0], "sku-never-written", items[3], items[1]];

        var answer = await CandidatesAsync(new
        {
            entities = new { user },
            request = new { discount = 0.1 },
            candidates = new { entity = "item", keys = candidates },
            featureSet = "ranker_v2",
        });

        Assert.Equal(user, answer.GetProperty("entities").GetProperty("user").GetInt64());
        Assert.False(answer.GetProperty("entities").TryGetProperty("item", out _));
        Assert.False(answer.GetProperty("degraded").GetBoolean());
        var rows = answer.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(candidates, rows.Select(r => r.GetProperty("key").GetString()));
        foreach (var (row, key) in rows.Zip(candidates))
        {
            var single = await Api.ExtractEntitiesAsync(new
            {
                entities = new Dictionary<string, object> { ["user"] = user, ["item"] = key },
                request = new { discount = 0.1 },
                featureSet = "ranker_v2",
            });
            Assert.Equal(single.GetProperty("features").GetRawText(), row.GetProperty("features").GetRawText());
            Assert.Equal(single.GetProperty("status").GetRawText(), row.GetProperty("status").GetRawText());
        }
        Assert.Equal(40.0 * 0.9 / 25, rows[0].GetProperty("features").GetProperty("price_per_year").GetDouble());
        Assert.Equal("default", rows[2].GetProperty("status").GetProperty("price_per_year").GetString());
    }

    [SkippableFact]
    public async Task TheUserIsReadOnceAndEachDistinctCandidateOnce()
    {
        SkipWithoutStore();
        Skip.If(StoreKind == "garnet", "The embedded Garnet does not count commands (its INFO commandstats is empty); redis-server and the cluster do.");
        var user = ApiFixture.NewUserId();
        string[] candidates = [.. Enumerable.Range(0, 40).Select(i => $"sku-{i % 25}")];
        await using var admin = await Store.ConnectAsync();
        var servers = admin.GetServers().Where(s => !s.IsReplica).ToArray();
        // Counted as a difference: Garnet has no CONFIG RESETSTAT.
        var before = await Task.WhenAll(servers.Select(StoreCommandStats.CallsAsync));

        await CandidatesAsync(new
        {
            entities = new { user },
            request = new { discount = 0.0 },
            candidates = new { entity = "item", keys = candidates },
            features = new[] { "price_per_year", "item_views_1h" },
        });

        var after = await Task.WhenAll(servers.Select(StoreCommandStats.CallsAsync));
        long Sent(string command) => after.Sum(c => c.GetValueOrDefault(command)) - before.Sum(c => c.GetValueOrDefault(command));
        // One HMGET for the user, one per distinct item; one MGET of tiles per distinct item.
        Assert.Equal(1 + 25, Sent("hmget"));
        Assert.Equal(25, Sent("mget"));
    }

    [SkippableFact]
    public async Task ABatchThatRepeatsAUserReadsItOnceAndAnswersEveryRow()
    {
        SkipWithoutStore();
        Skip.If(StoreKind == "garnet", "The embedded Garnet does not count commands (its INFO commandstats is empty); redis-server and the cluster do.");
        var user = ApiFixture.NewUserId();
        await Api.SeedAsync(user, new { user_age = 44 });
        await using var admin = await Store.ConnectAsync();
        var servers = admin.GetServers().Where(s => !s.IsReplica).ToArray();
        var before = await Task.WhenAll(servers.Select(StoreCommandStats.CallsAsync));

        using var response = await Api.PostAsJsonAsync("/api/features/extract/batch", new
        {
            requests = Enumerable.Range(0, 10).Select(i => new { userId = user, currentValue = i }),
            features = new[] { "user_age" },
        });

        var after = await Task.WhenAll(servers.Select(StoreCommandStats.CallsAsync));
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(10, results.Length);
        Assert.All(results, r => Assert.Equal(44, r.GetProperty("features").GetProperty("user_age").GetDouble()));
        Assert.Equal(1, after.Sum(c => c.GetValueOrDefault("hmget")) - before.Sum(c => c.GetValueOrDefault("hmget")));
    }

    [SkippableFact]
    public async Task CandidateRowsCarryTheirOwnRequestValuesOverTheSharedOnes()
    {
        SkipWithoutStore();
        var user = ApiFixture.NewUserId();
        await Api.SeedAsync(user, new { user_age = 10 });

        var answer = await CandidatesAsync(new
        {
            entities = new { user },
            request = new { discount = 0.5 },
            candidates = new
            {
                entity = "item",
                rows = new object[] { new { key = "sku-a" }, new { key = "sku-a", request = new { discount = 0.0 } } },
            },
            features = new[] { "price_per_year" },
        });

        var prices = answer.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("features").GetProperty("price_per_year").GetDouble());
        Assert.Equal([10.0 * 0.5 / 10, 10.0 / 10], prices);
    }

    [SkippableTheory]
    [InlineData("""{"entities":{"user":1},"request":{"discount":0}}""", "candidates")]
    [InlineData("""{"entities":{"user":1},"request":{"discount":0},"candidates":{"keys":["a"]}}""", "candidates.entity")]
    [InlineData("""{"entities":{"user":1},"request":{"discount":0},"candidates":{"entity":"shop","keys":["a"]}}""", "candidates.entity")]
    [InlineData("""{"entities":{"user":1},"request":{"discount":0},"candidates":{"entity":"item","keys":[]}}""", "candidates.keys")]
    [InlineData("""{"entities":{"user":1},"request":{"discount":0},"candidates":{"entity":"item","keys":["ok","not ok"]}}""", "candidates.keys[1]")]
    [InlineData("""{"entities":{"user":1},"request":{"discount":0},"candidates":{"entity":"item","keys":["ok",null]}}""", "candidates.keys[1]")]
    [InlineData("""{"entities":{"user":1},"request":{"discount":0},"candidates":{"entity":"item","keys":["a"],"rows":[{"key":"a"}]}}""", "candidates")]
    [InlineData("""{"entities":{"user":1,"item":"a"},"request":{"discount":0},"candidates":{"entity":"item","keys":["a"]}}""", "entities.item")]
    [InlineData("""{"request":{"discount":0},"candidates":{"entity":"item","keys":["a"]}}""", "entities.user")]
    [InlineData("""{"entities":{"user":1},"candidates":{"entity":"item","keys":["a"]}}""", "request.discount")]
    [InlineData("""{"entities":{"user":1},"candidates":{"entity":"item","rows":[{"key":"a","request":{"discount":0}},{"key":"b"}]}}""", "candidates.rows[1].request.discount")]
    [InlineData("""{"entities":{"user":1},"candidates":{"entity":"item","rows":[{"key":"a","request":{"discount":"x"}}]}}""", "candidates.rows[0].request.discount")]
    [InlineData("""{"entities":{"user":1},"request":{"discount":0},"candidates":{"entity":"item","keys":["a"]},"features":["nope"]}""", "features[0]")]
    public async Task AnInvalidCallIsRefusedNamingTheField(string body, string field)
    {
        SkipWithoutStore();

        using var response = await Api.PostAsync(Path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ApiTests.AssertProblemAsync(response, field);
    }

    [SkippableFact]
    public async Task MoreCandidatesThanTheBatchLimitAreRefusedWhileTheBodyIsRead()
    {
        SkipWithoutStore();
        var keys = string.Join(',', Enumerable.Range(0, 1001).Select(i => $"\"k{i}\""));

        using var response = await Api.PostAsync(Path, new StringContent(
            $$$"""{"entities":{"user":1},"request":{"discount":0},"candidates":{"entity":"item","keys":[{{{keys}}}]}}""",
            System.Text.Encoding.UTF8, "application/json"));

        var problem = await ApiTests.AssertProblemAsync(response, "candidates.keys");
        Assert.Contains("1000", problem.GetProperty("errors").GetProperty("candidates.keys")[0].GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> CandidatesAsync(object request)
    {
        using var response = await Api.PostAsJsonAsync(Path, request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The call answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(answer.GetProperty("registryVersion").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            response.Headers.GetValues(RepositoryCalls.RegistryVersionHeader).Single());
        return answer;
    }
}

public sealed class CandidatesOnRedisTests() : CandidatesTests("redis");

public sealed class CandidatesOnGarnetTests() : CandidatesTests("garnet");

public sealed class CandidatesOnClusterTests() : CandidatesTests("cluster");
