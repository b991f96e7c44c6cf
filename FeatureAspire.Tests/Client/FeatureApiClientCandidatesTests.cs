using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Client;

/// <summary>
/// The ranking call through <see cref="FeatureApiClient"/> against a FeatureApi serving a team's two-entity repository
/// (user and item): candidates answered in their order with their own extract's values, rows with their own request
/// values, and a refusal naming each field. Each test runs its own FeatureApi on a flushed Garnet, as an apply needs.
/// </summary>
public sealed class FeatureApiClientCandidatesTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public async Task CandidatesAreAnsweredInTheirOrderWithTheValuesOfTheirOwnExtracts()
    {
        await using var host = await garnet.FreshFeatureApiAsync();
        var client = await FeatureApiTestClients.ServingTeamRepositoryAsync(host);
        var user = ApiFixture.NewUserId();
        await client.UpsertEntityAsync("user", user, new Dictionary<string, double> { ["user_age"] = 40 });
        await client.UpsertEntitiesAsync("item", [new("sku-1", Price(100)), new("sku-3", Price(300))]);
        await client.SendEventsAsync([.. Enumerable.Range(0, 3).Select(_ => LiveEvent.For("sku-1", "views"))]);
        var shared = new Dictionary<string, EntityKey> { ["user"] = user };
        var request = new Dictionary<string, double> { ["discount"] = 0.25 };

        // The caller's order, one candidate twice and one never written.
        string[] candidates = ["sku-3", "sku-1", "sku-never-written", "sku-3"];

        var answer = await client.ExtractCandidatesAsync(shared, "item", [.. candidates], request, featureSet: "ranker_v2");

        Assert.Equal(shared, answer.Entities);
        Assert.Equal((2L, false), (answer.RegistryVersion, answer.Degraded));
        Assert.Equal(candidates, answer.Rows.Select(r => r.Key.Text));
        foreach (var row in answer.Rows)
        {
            var single = await client.ExtractEntitiesAsync(new Dictionary<string, EntityKey> { ["user"] = user, ["item"] = row.Key }, request, featureSet: "ranker_v2");
            Assert.Equal(single.Features, row.Features);
            Assert.Equal(single.Status, row.Status);
        }
        Assert.Equal(["price_per_year", "is_popular", "item_views_1h"], answer.Rows[0].Features.Keys);
        Assert.Equal(300.0 * (1 - 0.25) / 40, answer.Rows[0].Features["price_per_year"]);
        Assert.Equal((1.0, 3.0), (answer.Rows[1].Features["is_popular"], answer.Rows[1].Features["item_views_1h"]));
        Assert.Equal(FeatureStatus.Default, answer.Rows[2].Status["price_per_year"]);
    }

    [Fact]
    public async Task CandidateRowsCarryTheirOwnRequestValuesOverTheSharedOnes()
    {
        await using var host = await garnet.FreshFeatureApiAsync();
        var client = await FeatureApiTestClients.ServingTeamRepositoryAsync(host);
        var user = ApiFixture.NewUserId();
        await client.UpsertEntityAsync("user", user, new Dictionary<string, double> { ["user_age"] = 10 });

        var answer = await client.ExtractCandidatesAsync(new Dictionary<string, EntityKey> { ["user"] = user }, "item",
            [new CandidateRow("sku-a"), new CandidateRow("sku-a", new Dictionary<string, double> { ["discount"] = 0.0 })],
            new Dictionary<string, double> { ["discount"] = 0.5 }, features: ["price_per_year"]);

        // item_price's default is 10: half of it with the shared discount, all of it with the row's own.
        Assert.Equal([10.0 * 0.5 / 10, 10.0 / 10], answer.Rows.Select(r => r.Features["price_per_year"]));
    }

    [Fact]
    public async Task ACandidatesCallIsRefusedNamingEveryFieldFeatureApiObjectsTo()
    {
        await using var host = await garnet.FreshFeatureApiAsync();
        var client = await FeatureApiTestClients.ServingTeamRepositoryAsync(host);

        // A number key for the string-keyed item, no user, no discount.
        await FeatureApiAssertions.AssertInvalidAsync(() => client.ExtractCandidatesAsync(new Dictionary<string, EntityKey>(), "item", [42],
            featureSet: "ranker_v2"), "candidates.keys[0]", "entities.user", "request.discount");
        await FeatureApiAssertions.AssertInvalidAsync(() => client.ExtractCandidatesAsync(new Dictionary<string, EntityKey> { ["user"] = 1 }, "item",
            [new CandidateRow("sku-a", new Dictionary<string, double> { ["discount"] = 0 }), new CandidateRow("sku-b")], featureSet: "ranker_v2"),
            "candidates.rows[1].request.discount");
    }

    private static Dictionary<string, double> Price(double price) => new() { ["item_price"] = price };
}
