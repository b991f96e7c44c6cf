using System.Net;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Registry;
using DefaultRepository = FeatureApi.Definitions.DefaultRepository;

namespace FeatureAspire.Tests.Client;

/// <summary>
/// The registry through <see cref="FeatureApiClient"/>: applying a team's repository, rolling back, and every way an
/// apply or a rollback is refused. Each test runs its own FeatureApi on a flushed Garnet: an apply changes what every
/// test on the same store would see.
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
}
