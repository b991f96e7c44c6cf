using System.Net;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Client;

/// <summary>Every FeatureApi endpoint through <see cref="FeatureApiClient"/>, against real Redis and against Garnet.</summary>
public abstract class FeatureApiClientTests(ApiFixture fixture) : IDisposable
{
    private HttpClient? http;

    private FeatureApiClient Client
    {
        get
        {
            Skip.If(fixture.Unavailable is not null, fixture.Unavailable);
            http ??= FeatureApiTestClients.Plain(fixture.Client);
            return new FeatureApiClient(http, FeatureApiTestClients.KeyOf(fixture.Client));
        }
    }

    public void Dispose() => http?.Dispose();

    [SkippableFact]
    public async Task ExtractReturnsDerivedFeaturesWithTheirStatuses()
    {
        var client = Client;
        var userId = ApiFixture.NewUserId();
        await client.UpsertUserAsync(userId, new Dictionary<string, double> { ["user_age"] = 35, ["last_7d_clicks"] = 12.5 });

        var vector = await client.ExtractAsync(userId, currentValue: 120.0);

        Assert.Equal(userId, vector.UserId);
        Assert.Equal(["f_normalized_value", "f_recency_score", "f_age_value_ratio"], vector.Features.Keys);
        Assert.Equal(1.2, vector.Features["f_normalized_value"]);
        Assert.Equal(1.0 / 13.5, vector.Features["f_recency_score"]);
        Assert.Equal(4200.0, vector.Features["f_age_value_ratio"]);
        Assert.All(vector.Status.Values, status => Assert.Equal(FeatureStatus.Present, status));
        Assert.False(vector.Degraded);
    }

    [SkippableFact]
    public async Task ExtractOfAnUnknownUserServesDefaultsInTheOrderAsked()
    {
        var client = Client;

        var vector = await client.ExtractAsync(ApiFixture.NewUserId(), 50.0, ["user_age", "f_normalized_value"]);

        Assert.Equal(["user_age", "f_normalized_value"], vector.Features.Keys);
        Assert.Equal(30, vector.Features["user_age"]);
        Assert.Equal(FeatureStatus.Default, vector.Status["user_age"]);
        Assert.Equal(FeatureStatus.Present, vector.Status["f_normalized_value"]);
        Assert.False(vector.Degraded);
    }

    [SkippableFact]
    public async Task ExtractBatchAnswersEveryRequestInOrder()
    {
        var client = Client;
        var known = ApiFixture.NewUserId();
        var unknown = ApiFixture.NewUserId();
        await client.UpsertUserAsync(known, new Dictionary<string, double> { ["user_age"] = 50 });

        var vectors = await client.ExtractBatchAsync([new(unknown, 1.0), new(known, 2.0)], ["user_age", "current_value"]);

        Assert.Equal([unknown, known], vectors.Select(v => v.UserId));
        Assert.Equal(FeatureStatus.Default, vectors[0].Status["user_age"]);
        Assert.Equal(50, vectors[1].Features["user_age"]);
        Assert.Equal(2.0, vectors[1].Features["current_value"]);
    }

    [SkippableFact]
    public async Task DefinitionsDescribeKindsTypesDefaultsAndLiveWindows()
    {
        var client = Client;

        var definitions = (await client.GetDefinitionsAsync()).ToDictionary(d => d.Name);

        var age = definitions["user_age"];
        Assert.Equal((FeatureKind.Stored, FeatureValueType.Int, 30.0), (age.Kind, age.Type, age.Default));
        Assert.Equal(FeatureKind.Request, definitions["current_value"].Kind);
        Assert.Equal(["current_value"], definitions["f_normalized_value"].Inputs);
        var clicks = definitions["clicks_1h"];
        Assert.Equal(FeatureKind.Live, clicks.Kind);
        Assert.Equal(new LiveAggregate("clicks", Aggregation.Sum, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), 13), clicks.Live);
    }

    [SkippableFact]
    public async Task AUserWrittenIsReadBackThenDeleted()
    {
        var client = Client;
        var userId = ApiFixture.NewUserId();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        await client.UpsertUserAsync(userId, new Dictionary<string, double> { ["user_age"] = 44, ["last_7d_clicks"] = 3.25 });
        var stored = await client.GetUserAsync(userId);
        var deleted = await client.DeleteUserAsync(userId);

        Assert.NotNull(stored);
        Assert.Equal(userId, stored.UserId);
        Assert.Equal(44, stored.Features["user_age"]);
        Assert.Equal(3.25, stored.Features["last_7d_clicks"]);
        Assert.True(stored.UpdatedAt > before);
        Assert.True(deleted);
        Assert.Null(await client.GetUserAsync(userId));
        Assert.False(await client.DeleteUserAsync(userId));
    }

    [SkippableFact]
    public async Task BulkUpsertWritesEveryUserAndListingFindsThemInOrderAcrossPages()
    {
        var client = Client;
        long[] userIds = [ApiFixture.NewUserId(), ApiFixture.NewUserId(), ApiFixture.NewUserId()];
        var countBefore = await client.CountUsersAsync();

        var written = await client.UpsertUsersAsync([.. userIds.Select(id => new UserFeatureValues(id, new Dictionary<string, double> { ["user_age"] = 20 }))]);
        var listed = new List<long>();
        await foreach (var userId in client.ListUsersAsync(pageSize: 2))
        {
            listed.Add(userId);
        }

        Assert.Equal(3, written);
        Assert.Subset(listed.ToHashSet(), userIds.ToHashSet());
        Assert.Equal(listed.Order(), listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.True(await client.CountUsersAsync() >= countBefore + 3);
    }

    [SkippableFact]
    public async Task APageOfUsersCarriesTheCursorOfTheNext()
    {
        var client = Client;
        await client.UpsertUsersAsync([new(ApiFixture.NewUserId(), new Dictionary<string, double> { ["user_age"] = 1 }),
            new(ApiFixture.NewUserId(), new Dictionary<string, double> { ["user_age"] = 2 })]);

        var first = await client.GetUsersPageAsync(limit: 1);
        var second = await client.GetUsersPageAsync(limit: 1, cursor: first.NextCursor);

        Assert.Single(first.UserIds);
        Assert.NotNull(first.NextCursor);
        Assert.True(second.UserIds[0] > first.UserIds[0]);
    }

    [SkippableFact]
    public async Task EventsSentAreCountedInTheLiveWindows()
    {
        var client = Client;
        var userId = ApiFixture.NewUserId();

        var accepted = await client.SendEventsAsync([new(userId, "clicks", 2.0), new(userId, "clicks")]);
        var vector = await client.ExtractAsync(userId, 1.0, ["clicks_1h", "clicks_7d"]);

        Assert.Equal(2, accepted.Accepted);
        Assert.Equal(3.0, vector.Features["clicks_1h"]);
        Assert.Equal(3.0, vector.Features["clicks_7d"]);
    }

    [SkippableFact]
    public async Task AnEventSentAgainWithItsIdIsCountedOnce()
    {
        var client = Client;
        var userId = ApiFixture.NewUserId();
        LiveEvent[] events = [new(userId, "clicks", 5.0, EventId: $"order-{userId}"), new(userId, "clicks", 1.0)];

        var first = await client.SendEventsAsync(events);
        var again = await client.SendEventsAsync(events);
        var vector = await client.ExtractAsync(userId, 1.0, ["clicks_1h"]);

        Assert.Equal(new EventsAccepted(2, 0), first);
        // The event with its own id is a duplicate; the one without got a new id each call, so it counted twice.
        Assert.Equal(new EventsAccepted(1, 1), again);
        Assert.Equal(7.0, vector.Features["clicks_1h"]);
    }

    [SkippableFact]
    public async Task AnUnknownKeyIsRefusedAsUnauthorized()
    {
        Skip.If(fixture.Unavailable is not null, fixture.Unavailable);
        using var plain = FeatureApiTestClients.Plain(fixture.Client);
        var client = new FeatureApiClient(plain, apiKey: "an-unknown-key-of-enough-length");

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => client.ExtractAsync(1, 1.0));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("An API key is required.", refused.Problem?.Title);
    }

    [SkippableFact]
    public async Task AReadOnlyKeyIsForbiddenToWrite()
    {
        Skip.If(fixture.Unavailable is not null, fixture.Unavailable);
        using var plain = FeatureApiTestClients.Plain(fixture.Client);
        var client = new FeatureApiClient(plain, FeatureApiHost.ReaderKey);

        var vector = await client.ExtractAsync(ApiFixture.NewUserId(), 1.0);
        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => client.UpsertUserAsync(ApiFixture.NewUserId(), new Dictionary<string, double> { ["user_age"] = 1 }));

        Assert.False(vector.Degraded);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [SkippableFact]
    public async Task StoreInfoNamesTheServerBehindFeatureApi()
    {
        var client = Client;

        var store = await client.GetStoreAsync();
        var roundTrip = await client.RoundTripStoreAsync();
        var health = await client.GetHealthAsync();

        Assert.Equal(fixture.Store.Kind, store.Server);
        Assert.True(store.Healthy);
        Assert.NotNull(store.Version);
        Assert.False(store.Topology!.IsCluster);
        Assert.All(store.Topology.Nodes, node => Assert.True(node.Connected, node.Endpoint));
        Assert.Equal(roundTrip.Written, roundTrip.Read);
        Assert.True(health.Healthy, health.Report);
    }

    [SkippableFact]
    public async Task ARefusedExtractThrowsWithTheFieldErrors()
    {
        var client = Client;

        var refused = await FeatureApiAssertions.AssertInvalidAsync(() => client.ExtractAsync(0, 1.0, ["no_such_feature"]), "features[0]", "userId");

        Assert.Equal("The request is invalid.", refused.Problem?.Title);
        Assert.Contains("userId must be a positive 64-bit integer.", refused.Message, StringComparison.Ordinal);
        Assert.Contains("POST /api/features/extract", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ABulkUpsertNamingAUserTwiceIsRefusedWhole()
    {
        var client = Client;
        var userId = ApiFixture.NewUserId();
        var features = new Dictionary<string, double> { ["user_age"] = 9 };

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => client.UpsertUsersAsync([new(userId, features), new(userId, features)]));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("users[1].userId", refused.Errors.Keys);
        Assert.Null(await client.GetUserAsync(userId));
    }

    [SkippableFact]
    public async Task AnEventOfAnUnknownStreamIsRefusedNamingIt()
    {
        var client = Client;

        await FeatureApiAssertions.AssertInvalidAsync(() => client.SendEventsAsync([new(ApiFixture.NewUserId(), "clicks"), new(1, "nope")]), "events[1].stream");
    }

    [SkippableFact]
    public async Task ExtractByEntitiesAnswersWithTheEntitiesAndTheRegistryVersion()
    {
        var client = Client;
        var userId = ApiFixture.NewUserId();
        await client.UpsertEntityAsync("user", userId, new Dictionary<string, double> { ["user_age"] = 35, ["last_7d_clicks"] = 12.5 });

        var vector = await client.ExtractEntitiesAsync(new Dictionary<string, EntityKey> { ["user"] = userId },
            new Dictionary<string, double> { ["current_value"] = 120.0 });

        Assert.Equal(new KeyValuePair<string, EntityKey>("user", userId), Assert.Single(vector.Entities!));
        Assert.Equal(0, vector.UserId);
        Assert.Equal(["f_normalized_value", "f_recency_score", "f_age_value_ratio"], vector.Features.Keys);
        Assert.Equal(4200.0, vector.Features["f_age_value_ratio"]);
        Assert.All(vector.Status.Values, status => Assert.Equal(FeatureStatus.Present, status));
        Assert.Equal((await client.GetRegistryAsync()).Version, vector.RegistryVersion);
    }

    [SkippableFact]
    public async Task ExtractByEntitiesNeedsNoRequestValuesWhenItsFeaturesUseNone()
    {
        var client = Client;

        var vector = await client.ExtractEntitiesAsync(new Dictionary<string, EntityKey> { ["user"] = ApiFixture.NewUserId() },
            features: ["user_age", "clicks_1h"]);

        Assert.Equal(["user_age", "clicks_1h"], vector.Features.Keys);
        Assert.Equal(FeatureStatus.Default, vector.Status["user_age"]);
    }

    [SkippableFact]
    public async Task ExtractEntitiesBatchAnswersEveryRowInOrderWithTheBatchsVersion()
    {
        var client = Client;
        var (known, unknown) = (ApiFixture.NewUserId(), ApiFixture.NewUserId());
        await client.UpsertEntitiesAsync("user", [new(known, new Dictionary<string, double> { ["user_age"] = 50 })]);

        var vectors = await client.ExtractEntitiesBatchAsync(
            [Row(unknown, currentValue: 1.0), Row(known, currentValue: 2.0)], ["user_age", "current_value"]);

        Assert.Equal([unknown, known], vectors.Select(v => v.Entities!["user"].Number));
        Assert.Equal(FeatureStatus.Default, vectors[0].Status["user_age"]);
        Assert.Equal(50, vectors[1].Features["user_age"]);
        Assert.Equal(2.0, vectors[1].Features["current_value"]);
        var served = (await client.GetRegistryAsync()).Version;
        Assert.All(vectors, v => Assert.Equal(served, v.RegistryVersion));
    }

    [SkippableFact]
    public async Task AnEntityInstanceWrittenIsReadBackThenDeleted()
    {
        var client = Client;
        var userId = ApiFixture.NewUserId();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        await client.UpsertEntityAsync("user", userId, new Dictionary<string, double> { ["user_age"] = 44, ["last_7d_clicks"] = 3.25 });
        var stored = await client.GetEntityAsync("user", userId);
        var deleted = await client.DeleteEntityAsync("user", userId);

        Assert.NotNull(stored);
        Assert.Equal(("user", new EntityKey(userId)), (stored.Entity, stored.Key));
        Assert.Equal(44, stored.Features["user_age"]);
        Assert.Equal(3.25, stored.Features["last_7d_clicks"]);
        Assert.True(stored.UpdatedAt > before);
        Assert.True(deleted);
        Assert.Null(await client.GetEntityAsync("user", userId));
        Assert.False(await client.DeleteEntityAsync("user", userId));
    }

    [SkippableFact]
    public async Task BulkUpsertOfAnEntityWritesEveryRowAndListingFindsTheKeysInOrderAcrossPages()
    {
        var client = Client;
        long[] userIds = [ApiFixture.NewUserId(), ApiFixture.NewUserId(), ApiFixture.NewUserId()];
        var countBefore = await client.CountEntitiesAsync("user");

        var written = await client.UpsertEntitiesAsync("user", [.. userIds.Select(id => new EntityFeatureValues(id, new Dictionary<string, double> { ["user_age"] = 20 }))]);
        var listed = new List<long>();
        await foreach (var key in client.ListEntityKeysAsync("user", pageSize: 2))
        {
            listed.Add(key.Number);
        }

        Assert.Equal(3, written);
        Assert.Subset(listed.ToHashSet(), userIds.ToHashSet());
        Assert.Equal(listed.Order(), listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.True(await client.CountEntitiesAsync("user") >= countBefore + 3);
    }

    [SkippableFact]
    public async Task APageOfEntityKeysCarriesTheCursorOfTheNext()
    {
        var client = Client;
        await client.UpsertEntitiesAsync("user", [new(ApiFixture.NewUserId(), new Dictionary<string, double> { ["user_age"] = 1 }),
            new(ApiFixture.NewUserId(), new Dictionary<string, double> { ["user_age"] = 2 })]);

        var first = await client.GetEntityKeysPageAsync("user", limit: 1);
        var second = await client.GetEntityKeysPageAsync("user", limit: 1, cursor: first.NextCursor);

        Assert.Equal("user", first.Entity);
        Assert.True(Assert.Single(first.Keys).IsNumber);
        Assert.NotNull(first.NextCursor);
        Assert.True(second.Keys[0].Number > first.Keys[0].Number);
    }

    [SkippableFact]
    public async Task AnUnknownEntityIsRefusedNamingIt()
    {
        var client = Client;

        await FeatureApiAssertions.AssertInvalidAsync(() => client.GetEntityAsync("shop", 1), "entity");
    }

    [SkippableFact]
    public async Task AnEventAboutAnInstanceByItsKeyIsCounted()
    {
        var client = Client;
        var userId = ApiFixture.NewUserId();

        var accepted = await client.SendEventsAsync([LiveEvent.For(userId, "clicks", 4.0, entity: "user"), LiveEvent.For(userId, "clicks")]);
        var vector = await client.ExtractAsync(userId, 1.0, ["clicks_1h"]);

        Assert.Equal(new EventsAccepted(2, 0), accepted);
        Assert.Equal(5.0, vector.Features["clicks_1h"]);
    }

    [SkippableFact]
    public async Task DefinitionsNameEachFeaturesEntityAndExpression()
    {
        var client = Client;

        var definitions = (await client.GetDefinitionsAsync()).ToDictionary(d => d.Name);

        Assert.Equal("user", definitions["user_age"].Entity);
        Assert.Equal("user", definitions["clicks_1h"].Entity);
        Assert.Equal("user_age * current_value", definitions["f_age_value_ratio"].Expression);
        Assert.Null(definitions["user_age"].Expression);
        Assert.Null(definitions["f_age_value_ratio"].Entity);
        Assert.Null(definitions["current_value"].Entity);
    }

    [SkippableFact]
    public async Task TheRegistryShowsTheVersionServedItsDocumentAndItsHistory()
    {
        var client = Client;

        var current = await client.GetRegistryAsync();
        var status = await client.GetRegistryStatusAsync();
        var history = await client.GetRegistryHistoryAsync(limit: 1);

        Assert.True(current.Version >= 1);
        Assert.Contains("f_age_value_ratio", current.Document, StringComparison.Ordinal);
        Assert.Equal((current.Version, (long?)current.Version, true), (status.LoadedVersion, status.StoreVersion, status.FromStore));
        Assert.Null(status.Error);
        Assert.Equal((current.Version, current.Summary, current.AppliedAt), (history[0].Version, history[0].Summary, history[0].AppliedAt));
        Assert.Single(history);
    }

    [SkippableFact]
    public async Task PlanningTheDocumentServedShowsNoChanges()
    {
        var client = Client;
        var current = await client.GetRegistryAsync();

        var plan = await client.PlanRegistryAsync(current.Document);

        Assert.Equal(((long?)current.Version, (long?)current.Version, false), (plan.Version, plan.BaseVersion, plan.Breaking));
        Assert.Empty(plan.Changes);
        Assert.Empty(plan.Lines);
        Assert.Equal("No changes.", plan.Summary);
    }

    [SkippableFact]
    public async Task AReadOnlyKeyIsForbiddenToPlan()
    {
        Skip.If(fixture.Unavailable is not null, fixture.Unavailable);
        using var plain = FeatureApiTestClients.Plain(fixture.Client);
        var client = new FeatureApiClient(plain, FeatureApiHost.ReaderKey);
        var current = await client.GetRegistryAsync();

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => client.PlanRegistryAsync(current.Document));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private static EntityExtractItem Row(long userId, double currentValue) =>
        new(new Dictionary<string, EntityKey> { ["user"] = userId }, new Dictionary<string, double> { ["current_value"] = currentValue });
}

public sealed class FeatureApiClientOnRedisTests(RedisApiFixture fixture) : FeatureApiClientTests(fixture), IClassFixture<RedisApiFixture>;

public sealed class FeatureApiClientOnGarnetTests(GarnetApiFixture fixture) : FeatureApiClientTests(fixture), IClassFixture<GarnetApiFixture>;
