using System.Net;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Registry;
using DefaultRepository = FeatureApi.Definitions.DefaultRepository;

namespace FeatureAspire.Tests.Client;

/// <summary>
/// The registry and any entity through <see cref="FeatureApiClient"/>: applying a team's repository, its string-keyed
/// entity and feature set, and every way an apply or a rollback is refused. Each test runs its own FeatureApi on a
/// flushed Garnet: an apply changes what every test on the same store would see.
/// </summary>
public sealed class FeatureApiClientRepositoryTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public async Task AnApplyOfTheTeamsRepositoryStoresTheNextVersionAndServesIt()
    {
        await using var host = await FreshHostAsync();
        var client = new FeatureApiClient(host.CreateClient());

        var applied = await client.ApplyRegistryAsync(TeamRepository.Yaml, expectedVersion: 1, force: true);
        var current = await client.GetRegistryAsync();

        Assert.Equal(((long?)2, (long?)1, true), (applied.Version, applied.BaseVersion, applied.Breaking));
        Assert.Contains(applied.Changes, c => (c.Kind, c.Name, c.Change, c.Breaking) == ("entity", "item", RegistryChangeType.Added, false));
        Assert.Contains(applied.Changes, c => c is { Kind: "feature", Name: "f_click_trend", Change: RegistryChangeType.Removed, Breaking: true, Consequence: not null });
        Assert.Contains("Created entity item", applied.Lines);
        Assert.Equal((2L, TeamRepository.Yaml, applied.Summary, "test"), (current.Version, current.Document, current.Summary, current.AppliedBy));
        Assert.Equal(2, (await client.GetRegistryStatusAsync()).LoadedVersion);
    }

    [Fact]
    public async Task AStringKeyedEntityIsWrittenListedCountedReadAndDeleted()
    {
        await using var host = await FreshHostAsync();
        var client = await FeatureApiTestClients.ServingTeamRepositoryAsync(host);

        await client.UpsertEntitiesAsync("item", [new("sku-b", Price(20)), new("sku-a", Price(10))]);
        await client.UpsertEntityAsync("item", "sku-c", Price(30));
        var keys = await client.ListEntityKeysAsync("item", pageSize: 2).ToListAsync();
        var count = await client.CountEntitiesAsync("item");
        var read = await client.GetEntityAsync("item", "sku-a");
        var deleted = await client.DeleteEntityAsync("item", "sku-a");

        Assert.Equal(["sku-a", "sku-b", "sku-c"], keys.Select(k => k.Text));
        Assert.All(keys, k => Assert.False(k.IsNumber));
        Assert.Equal(3, count);
        Assert.Equal(("item", new EntityKey("sku-a"), 10.0), (read!.Entity, read.Key, read.Features["item_price"]));
        Assert.True(deleted);
        Assert.Null(await client.GetEntityAsync("item", "sku-a"));
    }

    [Fact]
    public async Task AFeatureSetOfTwoEntitiesIsExtractedForARowAndForABatch()
    {
        await using var host = await FreshHostAsync();
        var client = await FeatureApiTestClients.ServingTeamRepositoryAsync(host);
        var user = ApiFixture.NewUserId();
        await client.UpsertEntityAsync("user", user, new Dictionary<string, double> { ["user_age"] = 40 });
        await client.UpsertEntityAsync("item", "sku-9", Price(200));
        await client.SendEventsAsync([.. Enumerable.Range(0, 4).Select(i => LiveEvent.For("sku-9", "views", entity: "item"))]);
        var entities = new Dictionary<string, EntityKey> { ["user"] = user, ["item"] = "sku-9" };
        var request = new Dictionary<string, double> { ["discount"] = 0.25 };

        var vector = await client.ExtractEntitiesAsync(entities, request, featureSet: "ranker_v2");
        var batch = await client.ExtractEntitiesBatchAsync([new(entities, request), new(new Dictionary<string, EntityKey> { ["user"] = user, ["item"] = "sku-0" }, request)],
            featureSet: "ranker_v2");

        Assert.Equal(["price_per_year", "is_popular", "item_views_1h"], vector.Features.Keys);
        Assert.Equal(200.0 * (1 - 0.25) / 40, vector.Features["price_per_year"]);
        Assert.Equal((1.0, 4.0), (vector.Features["is_popular"], vector.Features["item_views_1h"]));
        Assert.Equal(entities, vector.Entities);
        Assert.Equal(2, vector.RegistryVersion);
        Assert.Equal(vector.Features, batch[0].Features);
        Assert.Equal((new EntityKey("sku-0"), FeatureStatus.Default), (batch[1].Entities!["item"], batch[1].Status["price_per_year"]));
        Assert.All(batch, v => Assert.Equal(2, v.RegistryVersion));
    }

    [Fact]
    public async Task AnExtractMissingAnEntityTheFeatureSetReadsIsRefusedNamingIt()
    {
        await using var host = await FreshHostAsync();
        var client = await FeatureApiTestClients.ServingTeamRepositoryAsync(host);

        await FeatureApiAssertions.AssertInvalidAsync(() => client.ExtractEntitiesAsync(new Dictionary<string, EntityKey> { ["user"] = 5 }, featureSet: "ranker_v2"),
            "entities.item", "request.discount");
    }

    [Fact]
    public async Task ABreakingDocumentIsRefusedWithItsPlanUnlessForced()
    {
        await using var host = await FreshHostAsync();
        var client = new FeatureApiClient(host.CreateClient());

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => client.ApplyRegistryAsync(TeamRepository.Yaml));

        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.Contains("Deleted feature f_click_trend (breaking)", refused.Problem!.PlanLines!);
        Assert.Null(refused.Problem.CurrentRegistryVersion);
        Assert.Equal(1, (await client.GetRegistryAsync()).Version);
    }

    [Fact]
    public async Task AnApplyPlannedAgainstAnOlderVersionIsAConflictNamingTheCurrentOne()
    {
        await using var host = await FreshHostAsync();
        var client = new FeatureApiClient(host.CreateClient());
        await client.ApplyRegistryAsync(TeamRepository.Yaml, force: true);

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() =>
            client.ApplyRegistryAsync(DefaultRepository.Text, expectedVersion: 1, force: true));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(2, refused.Problem!.CurrentRegistryVersion);
        Assert.Null(refused.Problem.PlanLines);
        Assert.Equal(2, (await client.GetRegistryAsync()).Version);
    }

    [Fact]
    public async Task AnInvalidDocumentIsRefusedNamingThePlaceInIt()
    {
        await using var host = await FreshHostAsync();
        var client = new FeatureApiClient(host.CreateClient());
        var invalid = TeamRepository.Yaml.Replace("item_views_1h >= 3", "item_view_1h >= 3", StringComparison.Ordinal);

        var planned = await Assert.ThrowsAsync<FeatureApiException>(() => client.PlanRegistryAsync(invalid));
        var applied = await Assert.ThrowsAsync<FeatureApiException>(() => client.ApplyRegistryAsync(invalid, force: true));

        Assert.Equal(HttpStatusCode.BadRequest, planned.StatusCode);
        Assert.Contains("item_view_1h", Assert.Single(planned.Errors["features[5].expression"]), StringComparison.Ordinal);
        Assert.Equal(planned.Errors.Keys, applied.Errors.Keys);
        Assert.Equal(1, (await client.GetRegistryAsync()).Version);
    }

    [Fact]
    public async Task AJsonDocumentIsPlannedAndAppliedAsAYamlOneIs()
    {
        await using var host = await FreshHostAsync();
        var client = new FeatureApiClient(host.CreateClient());
        const string json = """
            {"entities":[{"name":"user","key":"int64"}],
             "features":[{"name":"user_age","source":"stored","entity":"user","type":"int","default":30},
                         {"name":"double_age","source":"derived","expression":"user_age * 2"}]}
            """;

        var plan = await client.PlanRegistryAsync(json, RepositoryMediaType.Json);
        var applied = await client.ApplyRegistryAsync(json, plan.Version, force: true, RepositoryMediaType.Json);

        Assert.Contains("Created feature double_age", plan.Lines);
        Assert.Equal(plan.Lines, applied.Lines);
        Assert.Equal(2, applied.Version);
    }

    [Fact]
    public async Task ARollbackAppliesTheEarlierDocumentAsANewVersion()
    {
        await using var host = await FreshHostAsync();
        var client = new FeatureApiClient(host.CreateClient());
        await client.ApplyRegistryAsync(TeamRepository.Yaml, force: true);

        var rolledBack = await client.RollbackRegistryAsync(1, expectedVersion: 2);
        var current = await client.GetRegistryAsync();
        var history = await client.GetRegistryHistoryAsync();

        Assert.Equal(3, rolledBack.Version);
        Assert.True(rolledBack.Breaking);
        Assert.Equal((3L, (long?)1, DefaultRepository.Text), (current.Version, current.RollbackOf, current.Document));
        Assert.Equal([3L, 2, 1], history.Select(h => h.Version));
        Assert.Equal([1L, null, null], history.Select(h => h.RollbackOf));
        Assert.False((await client.ExtractAsync(ApiFixture.NewUserId(), 1.0)).Degraded);
    }

    [Fact]
    public async Task ARollbackToAVersionNeverStoredIsRefusedAsNotFound()
    {
        await using var host = await FreshHostAsync();
        var client = new FeatureApiClient(host.CreateClient());

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => client.RollbackRegistryAsync(99));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("Version 99 cannot be rolled back to.", refused.Problem?.Title);
    }

    private Task<FeatureApiHost> FreshHostAsync() => garnet.FreshFeatureApiAsync();

    private static Dictionary<string, double> Price(double price) => new() { ["item_price"] = price };
}
