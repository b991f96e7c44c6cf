using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Registry;
using ServerContracts = FeatureApi.Apis.Contracts;
using ServerFeatures = FeatureApi.Features;

namespace FeatureAspire.Tests.Client;

// The ranking call's request and answer, both ways.
public sealed partial class WireCompatibilityTests
{
    [Fact]
    public void ACandidatesRequestWithKeysIsReadByFeatureApiAsSent()
    {
        var sent = JsonSerializer.Serialize(new CandidatesRequest(new Dictionary<string, EntityKey> { ["user"] = 101 }, new CandidateList("item", Keys: ["sku-1", 42, "sku-1"]),
            new Dictionary<string, double> { ["discount"] = 0.25 }, FeatureSet: "ranker_v2"), Client.CandidatesRequest);

        var read = JsonSerializer.Deserialize(sent, Server.CandidatesRequest)!;

        Assert.Equal(ServerFeatures.EntityKey.Of(101), read.Entities!.Keys["user"]);
        Assert.Equal("item", read.Candidates!.Entity);
        Assert.Equal([ServerFeatures.EntityKey.Of("sku-1"), ServerFeatures.EntityKey.Of(42), ServerFeatures.EntityKey.Of("sku-1")], read.Candidates.Keys!);
        Assert.Null(read.Candidates.Rows);
        Assert.Equal((0.25, "ranker_v2"), (read.Request!.Values["discount"], read.FeatureSet));
        Assert.Null(read.Features);
        AssertSameJson(sent, JsonSerializer.Serialize(read, Server.CandidatesRequest));
    }

    [Fact]
    public void ACandidatesRequestWithRowsIsReadByFeatureApiAsSent()
    {
        var sent = JsonSerializer.Serialize(new CandidatesRequest(new Dictionary<string, EntityKey> { ["user"] = 7 }, new CandidateList("item",
            Rows: [new("sku-a"), new("sku-b", new Dictionary<string, double> { ["discount"] = 0.5 })]), Features: ["price_per_year"]), Client.CandidatesRequest);

        var read = JsonSerializer.Deserialize(sent, Server.CandidatesRequest)!;

        Assert.Equal("""{"entities":{"user":7},"candidates":{"entity":"item","rows":[{"key":"sku-a"},{"key":"sku-b","request":{"discount":0.5}}]},"features":["price_per_year"]}""",
            sent);
        Assert.Equal([ServerFeatures.EntityKey.Of("sku-a"), ServerFeatures.EntityKey.Of("sku-b")], read.Candidates!.Rows!.Select(r => r!.Key!.Value));
        Assert.Null(read.Candidates.Rows![0]!.Request);
        Assert.Equal(0.5, read.Candidates.Rows[1]!.Request!.Values["discount"]);
        Assert.Null(read.Request);
        AssertSameJson(sent, JsonSerializer.Serialize(read, Server.CandidatesRequest));
    }

    [Fact]
    public void ACandidatesAnswerWrittenByFeatureApiIsReadWithEveryField()
    {
        var written = JsonSerializer.Serialize(new ServerContracts.CandidatesResponse(
            new Dictionary<string, ServerFeatures.EntityKey> { ["user"] = ServerFeatures.EntityKey.Of(101) }, 3, true,
            [
                new(ServerFeatures.EntityKey.Of("sku-1"), new Dictionary<string, double> { ["price_per_year"] = 1.5, ["is_popular"] = 1 },
                    new Dictionary<string, string> { ["price_per_year"] = "present", ["is_popular"] = "stale" }),
                new(ServerFeatures.EntityKey.Of(42), new Dictionary<string, double> { ["price_per_year"] = 0.4, ["is_popular"] = 0 },
                    new Dictionary<string, string> { ["price_per_year"] = "default", ["is_popular"] = "unavailable" }),
            ]), Server.CandidatesResponse);

        var read = JsonSerializer.Deserialize(written, StrictClient.CandidateVectors)!;

        Assert.Equal((new EntityKey(101), 3L, true), (read.Entities["user"], read.RegistryVersion, read.Degraded));
        Assert.Equal([new EntityKey("sku-1"), new EntityKey(42)], read.Rows.Select(r => r.Key));
        Assert.Equal(["price_per_year", "is_popular"], read.Rows[0].Features.Keys);
        Assert.Equal((FeatureStatus.Stale, FeatureStatus.Unavailable), (read.Rows[0].Status["is_popular"], read.Rows[1].Status["is_popular"]));
        Assert.Equal([false, true], read.Rows.Select(r => r.Degraded));
        AssertSameJson(written, JsonSerializer.Serialize(read, Client.CandidateVectors));
    }

    [Fact]
    public async Task ACandidatesAnswerOfFeatureApisResponseWriterIsReadStrictly()
    {
        await using var api = new RunningFeatureApi();
        var http = api.Http;
        await http.ApplyAsync(TeamRepository.Yaml);

        using var response = await http.PostAsJsonAsync("/api/features/extract/candidates", new
        {
            entities = new { user = 5 },
            request = new { discount = 0.1 },
            candidates = new { entity = "item", rows = new object[] { new { key = "sku-1" }, new { key = "sku-2", request = new { discount = 0.0 } } } },
            featureSet = "ranker_v2",
        });
        var read = await AssertReadStrictlyAsync(response, StrictClient.CandidateVectors, Client.CandidateVectors);

        Assert.Equal((new EntityKey(5), 2L, false), (Assert.Single(read.Entities).Value, read.RegistryVersion, read.Degraded));
        Assert.Equal([new EntityKey("sku-1"), new EntityKey("sku-2")], read.Rows.Select(r => r.Key));
        Assert.All(read.Rows, r => Assert.Equal(["price_per_year", "is_popular", "item_views_1h"], r.Features.Keys));
    }
}
