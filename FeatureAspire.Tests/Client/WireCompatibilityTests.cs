using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FeatureApi.Json;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;
using ServerContracts = FeatureApi.Apis.Contracts;
using ServerFeatures = FeatureApi.Features;

namespace FeatureAspire.Tests.Client;

/// <summary>
/// The client's types are FeatureApi's contract on the wire: what the client writes FeatureApi reads strictly (it
/// refuses unknown properties), and what FeatureApi writes the client reads even when refusing unknown properties,
/// with every value the same after the crossing.
/// </summary>
public sealed partial class WireCompatibilityTests
{
    /// <summary>FeatureApi's contracts read as FeatureApi reads them: strict, with its bounded lists and feature values.</summary>
    private static readonly FeatureJsonContext Server = ServerContext();
    private static readonly FeatureApiJsonContext Client = FeatureApiJsonContext.Default;

    /// <summary>FeatureApi's answers written as FeatureApi writes them, for the types its generated context lacks too.</summary>
    private static readonly JsonSerializerOptions ServerAnswers = ServerAnswerOptions();

    /// <summary>The client's contract read as strictly as FeatureApi reads its own: an unknown property fails.</summary>
    private static readonly FeatureApiJsonContext StrictClient = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    });

    [Fact]
    public void AnExtractRequestIsReadByFeatureApiAsSent()
    {
        var sent = JsonSerializer.Serialize(new ExtractRequest(101, 120.5, ["user_age", "f_recency_score"]), Client.ExtractRequest);

        var read = JsonSerializer.Deserialize(sent, Server.ExtractRequest)!;

        Assert.Equal((101L, 120.5), (read.UserId!.Value, read.CurrentValue!.Value));
        Assert.Equal(["user_age", "f_recency_score"], read.Features!);
        AssertSameJson(sent, JsonSerializer.Serialize(read, Server.ExtractRequest));
    }

    [Fact]
    public void AnExtractRequestWithoutFeaturesLeavesThePropertyOut()
    {
        var sent = JsonSerializer.Serialize(new ExtractRequest(7, 1.0), Client.ExtractRequest);

        Assert.Equal("""{"userId":7,"currentValue":1}""", sent);
        Assert.Null(JsonSerializer.Deserialize(sent, Server.ExtractRequest)!.Features);
    }

    [Fact]
    public void ABatchExtractRequestIsReadByFeatureApiAsSent()
    {
        var sent = JsonSerializer.Serialize(new BatchExtractRequest([new(1, 2.5), new(3, -4.0)], ["current_value"]), Client.BatchExtractRequest);

        var read = JsonSerializer.Deserialize(sent, Server.BatchExtractRequest)!;

        Assert.Equal([(1L, 2.5), (3L, -4.0)], read.Requests!.Select(r => (r!.UserId!.Value, r.CurrentValue!.Value)));
        AssertSameJson(sent, JsonSerializer.Serialize(read, Server.BatchExtractRequest));
    }

    [Fact]
    public void ABulkUpsertIsReadByFeatureApiAsSent()
    {
        var sent = JsonSerializer.Serialize(new BulkUpsertRequest([new(5, new Dictionary<string, double> { ["user_age"] = 31, ["last_7d_clicks"] = 0.125 })]),
            Client.BulkUpsertRequest);

        var read = JsonSerializer.Deserialize(sent, Server.BulkUpsertRequest)!;

        var user = Assert.Single(read.Users!)!;
        Assert.Equal(5, user.UserId);
        Assert.Equal(0.125, user.Features!.Values["last_7d_clicks"]);
        AssertSameJson(sent, JsonSerializer.Serialize(read, Server.BulkUpsertRequest));
    }

    [Fact]
    public void AUserWriteIsReadByFeatureApiAsSent()
    {
        var sent = JsonSerializer.Serialize(new Dictionary<string, double> { ["user_age"] = 40 }, Client.IReadOnlyDictionaryStringDouble);

        var read = JsonSerializer.Deserialize(sent, Server.FeatureValues)!;

        Assert.Equal(40, read.Values["user_age"]);
    }

    [Fact]
    public void EventsAreReadByFeatureApiAsSent()
    {
        var at = new DateTimeOffset(2026, 11, 26, 8, 30, 15, 250, TimeSpan.Zero);
        var sent = JsonSerializer.Serialize(new IngestEventsRequest([new(9, "clicks", 2.5, at, "click-9-1"), new(10, "clicks")]), Client.IngestEventsRequest);

        var read = JsonSerializer.Deserialize(sent, Server.IngestEventsRequest)!;

        Assert.Equal(new ServerContracts.LiveEventItem(9, "clicks", 2.5, at, "click-9-1"), read.Events![0]);
        Assert.Equal(new ServerContracts.LiveEventItem(10, "clicks"), read.Events[1]);
        AssertSameJson(sent, JsonSerializer.Serialize(read, Server.IngestEventsRequest));
    }

    [Fact]
    public void AnEntitiesExtractRequestIsReadByFeatureApiAsSent()
    {
        var sent = JsonSerializer.Serialize(new EntityExtractRequest(new Dictionary<string, EntityKey> { ["user"] = 101, ["item"] = "sku-9" },
            new Dictionary<string, double> { ["discount"] = 0.25 }, FeatureSet: "ranker_v2"), Client.EntityExtractRequest);

        var read = JsonSerializer.Deserialize(sent, Server.ExtractRequest)!;

        Assert.Equal(ServerFeatures.EntityKey.Of(101), read.Entities!.Keys["user"]);
        Assert.Equal(ServerFeatures.EntityKey.Of("sku-9"), read.Entities.Keys["item"]);
        Assert.Equal(0.25, read.Request!.Values["discount"]);
        Assert.Equal("ranker_v2", read.FeatureSet);
        Assert.Null(read.Features);
        Assert.Null(read.UserId);
        AssertSameJson(sent, JsonSerializer.Serialize(read, Server.ExtractRequest));
    }

    [Fact]
    public void AnEntitiesExtractRequestWithoutRequestValuesOrASetLeavesThemOut()
    {
        var sent = JsonSerializer.Serialize(new EntityExtractRequest(new Dictionary<string, EntityKey> { ["user"] = 7 }, Features: ["user_age"]),
            Client.EntityExtractRequest);

        Assert.Equal("""{"entities":{"user":7},"features":["user_age"]}""", sent);
        Assert.Null(JsonSerializer.Deserialize(sent, Server.ExtractRequest)!.Request);
    }

    [Fact]
    public void AnEntitiesBatchExtractRequestIsReadByFeatureApiAsSent()
    {
        var sent = JsonSerializer.Serialize(new EntityBatchExtractRequest(
            [new(new Dictionary<string, EntityKey> { ["item"] = "sku-1" }), new(new Dictionary<string, EntityKey> { ["item"] = "sku-2" },
                new Dictionary<string, double> { ["discount"] = 0.5 })], ["item_price"]), Client.EntityBatchExtractRequest);

        var read = JsonSerializer.Deserialize(sent, Server.BatchExtractRequest)!;

        Assert.Equal([ServerFeatures.EntityKey.Of("sku-1"), ServerFeatures.EntityKey.Of("sku-2")], read.Requests!.Select(r => r!.Entities!.Keys["item"]));
        Assert.Null(read.Requests![0]!.Request);
        Assert.Equal(0.5, read.Requests[1]!.Request!.Values["discount"]);
        Assert.Equal(["item_price"], read.Features!);
        AssertSameJson(sent, JsonSerializer.Serialize(read, Server.BatchExtractRequest));
    }

    [Fact]
    public void AnEntityBulkUpsertIsReadByFeatureApiAsSent()
    {
        var sent = JsonSerializer.Serialize(new EntityBulkUpsertRequest([new("sku-9", new Dictionary<string, double> { ["item_price"] = 12.5 }),
            new(42, new Dictionary<string, double> { ["item_price"] = 1 })]), Client.EntityBulkUpsertRequest);

        var read = JsonSerializer.Deserialize(sent, Server.EntityBulkUpsertRequest)!;

        Assert.Equal([ServerFeatures.EntityKey.Of("sku-9"), ServerFeatures.EntityKey.Of(42)], read.Rows!.Select(r => r!.Key!.Value));
        Assert.Equal(12.5, read.Rows![0]!.Features!.Values["item_price"]);
        AssertSameJson(sent, JsonSerializer.Serialize(read, Server.EntityBulkUpsertRequest));
    }

    [Fact]
    public void EventsAboutAnyInstanceAreReadByFeatureApiAsSentWithoutAUserId()
    {
        var sent = JsonSerializer.Serialize(new IngestEventsRequest([LiveEvent.For("sku-9", "views", 2, eventId: "v-1", entity: "item"), LiveEvent.For(42, "visits")]),
            Client.IngestEventsRequest);

        var read = JsonSerializer.Deserialize(sent, Server.IngestEventsRequest)!;

        Assert.Equal(new ServerContracts.LiveEventItem(Stream: "views", Value: 2, EventId: "v-1", Entity: "item", Key: ServerFeatures.EntityKey.Of("sku-9")), read.Events![0]);
        Assert.Equal(new ServerContracts.LiveEventItem(Stream: "visits", Key: ServerFeatures.EntityKey.Of(42)), read.Events[1]);
        Assert.DoesNotContain("userId", sent, StringComparison.Ordinal);
        AssertSameJson(sent, JsonSerializer.Serialize(read, Server.IngestEventsRequest));
    }

    [Fact]
    public void DefinitionsWrittenByFeatureApiAreReadWithEveryField()
    {
        var written = JsonSerializer.Serialize(new[]
        {
            new ServerContracts.FeatureDefinitionResponse("clicks_1h", FeatureKind.Live, FeatureValueType.Double, 0, "clicks in the last hour",
                [], TimeSpan.FromMinutes(90), new ServerContracts.LiveAggregateResponse("clicks", Aggregation.Avg, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), 61)),
            new ServerContracts.FeatureDefinitionResponse("user_age", FeatureKind.Stored, FeatureValueType.Int, 30, "age", [], null, null, Entity: "user"),
            new ServerContracts.FeatureDefinitionResponse("is_popular", FeatureKind.Derived, FeatureValueType.Bool, 0, "popular", ["item_views_1h"], null, null,
                Expression: "item_views_1h >= 3"),
        }, Server.FeatureDefinitionResponseArray);

        var read = JsonSerializer.Deserialize(written, StrictClient.FeatureDefinitionArray)!;

        Assert.Equal(new LiveAggregate("clicks", Aggregation.Avg, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), 61), read[0].Live);
        Assert.Equal(TimeSpan.FromMinutes(90), read[0].MaxAge);
        Assert.Equal((FeatureKind.Stored, FeatureValueType.Int, 30.0), (read[1].Kind, read[1].Type, read[1].Default));
        Assert.Equal("user", read[1].Entity);
        Assert.Equal((FeatureValueType.Bool, "item_views_1h >= 3"), (read[2].Type, read[2].Expression));
        AssertSameJson(written, JsonSerializer.Serialize(read, Client.FeatureDefinitionArray));
    }

    [Fact]
    public void EveryStatusFeatureApiWritesIsReadAsTheSameStatus()
    {
        // The enums themselves are the client's (FeatureApi uses them); the status names FeatureApi's writer emits are its own.
        foreach (var status in Enum.GetValues<FeatureStatus>())
        {
            var wire = JsonSerializer.Serialize(ServerFeatures.FeatureStatusNames.ToWireName(status));
            Assert.Equal(status, JsonSerializer.Deserialize(wire, StrictClient.FeatureStatus));
        }
    }

    [Fact]
    public void UserAnswersWrittenByFeatureApiAreReadWithEveryField()
    {
        var user = JsonSerializer.Serialize(new ServerContracts.UserFeaturesResponse(3, new Dictionary<string, double> { ["user_age"] = 3 }, DateTimeOffset.UnixEpoch.AddDays(1)),
            Server.UserFeaturesResponse);
        var page = JsonSerializer.Serialize(new ServerContracts.UserPageResponse([1, 2], "2"), Server.UserPageResponse);
        var count = JsonSerializer.Serialize(new ServerContracts.UserCountResponse(12), Server.UserCountResponse);
        var bulk = JsonSerializer.Serialize(new ServerContracts.BulkUpsertResponse(1000), Server.BulkUpsertResponse);

        AssertSameJson(user, JsonSerializer.Serialize(JsonSerializer.Deserialize(user, StrictClient.UserFeatures), Client.UserFeatures));
        AssertSameJson(page, JsonSerializer.Serialize(JsonSerializer.Deserialize(page, StrictClient.UserPage), Client.UserPage));
        Assert.Equal(12, JsonSerializer.Deserialize(count, StrictClient.UserCount)!.Count);
        Assert.Equal(1000, JsonSerializer.Deserialize(bulk, StrictClient.BulkUpsertResponse)!.Written);
    }

    [Fact]
    public void StoreAndEventAnswersWrittenByFeatureApiAreReadWithEveryField()
    {
        var store = JsonSerializer.Serialize(new ServerContracts.StoreInfoResponse("redis", "7.0.15", true, 0.25, new ServerContracts.StoreTopologyResponse("cluster",
        [
            new("127.0.0.1:7001", "primary", true, Slots: "0-5460,16383"),
            new("127.0.0.1:7004", "replica", false, Primary: "127.0.0.1:7001"),
        ])), Server.StoreInfoResponse);
        var unanswered = JsonSerializer.Serialize(new ServerContracts.StoreInfoResponse("unknown", null, false, null,
            new ServerContracts.StoreTopologyResponse("standalone", [new("127.0.0.1:6379", "primary", false)])), Server.StoreInfoResponse);
        var roundTrip = JsonSerializer.Serialize(new FeatureApi.Apis.StoreRoundTrip("a", "a", 0.5), Server.StoreRoundTrip);
        var events = JsonSerializer.Serialize(new ServerContracts.IngestEventsResponse(4, 1), Server.IngestEventsResponse);

        var readStore = JsonSerializer.Deserialize(store, StrictClient.StoreInfo)!;

        Assert.True(readStore.Topology!.IsCluster);
        Assert.Equal([("127.0.0.1:7001", false, true, null, "0-5460,16383"), ("127.0.0.1:7004", true, false, "127.0.0.1:7001", null)],
            readStore.Topology.Nodes.Select(n => (n.Endpoint, n.IsReplica, n.Connected, n.Primary, n.Slots)));
        AssertSameJson(store, JsonSerializer.Serialize(readStore, Client.StoreInfo));
        AssertSameJson(unanswered, JsonSerializer.Serialize(JsonSerializer.Deserialize(unanswered, StrictClient.StoreInfo), Client.StoreInfo));
        AssertSameJson(roundTrip, JsonSerializer.Serialize(JsonSerializer.Deserialize(roundTrip, StrictClient.StoreRoundTrip), Client.StoreRoundTrip));
        Assert.Equal(new EventsAccepted(4, 1), JsonSerializer.Deserialize(events, StrictClient.EventsAccepted));
    }

    [Fact]
    public void AStoreAnswerOfAFeatureApiOlderThanTheTopologyIsReadWithoutOne()
    {
        var read = JsonSerializer.Deserialize("""{"server":"garnet","version":"1.0.84","healthy":true,"pingMilliseconds":0.25}""", StrictClient.StoreInfo)!;

        Assert.Equal(new StoreInfo("garnet", "1.0.84", true, 0.25), read);
        Assert.Null(read.Topology);
    }

    [Fact]
    public void EntityAnswersWrittenByFeatureApiAreReadWithEveryField()
    {
        var item = JsonSerializer.Serialize(new ServerContracts.EntityFeaturesResponse("item", ServerFeatures.EntityKey.Of("sku-9"),
            new Dictionary<string, double> { ["item_price"] = 12.5 }, DateTimeOffset.UnixEpoch.AddDays(1)), Server.EntityFeaturesResponse);
        var user = JsonSerializer.Serialize(new ServerContracts.EntityFeaturesResponse("user", ServerFeatures.EntityKey.Of(7),
            new Dictionary<string, double> { ["user_age"] = 3 }, null), Server.EntityFeaturesResponse);
        var page = JsonSerializer.Serialize(new ServerContracts.EntityPageResponse("item", [ServerFeatures.EntityKey.Of("a"), ServerFeatures.EntityKey.Of("b")], "b"),
            Server.EntityPageResponse);

        var readItem = JsonSerializer.Deserialize(item, StrictClient.EntityFeatures)!;
        var readUser = JsonSerializer.Deserialize(user, StrictClient.EntityFeatures)!;

        Assert.Equal(new EntityKey("sku-9"), readItem.Key);
        Assert.Equal(new EntityKey(7), readUser.Key);
        AssertSameJson(item, JsonSerializer.Serialize(readItem, Client.EntityFeatures));
        AssertSameJson(user, JsonSerializer.Serialize(readUser, Client.EntityFeatures));
        AssertSameJson(page, JsonSerializer.Serialize(JsonSerializer.Deserialize(page, StrictClient.EntityPage), Client.EntityPage));
    }

    [Fact]
    public void AKeyIsReadAsTheKindItIsWrittenIn()
    {
        Assert.Equal(new EntityKey("12"), JsonSerializer.Deserialize("\"12\"", StrictClient.EntityKey));
        Assert.Equal(new EntityKey(12), JsonSerializer.Deserialize("12", StrictClient.EntityKey));
        Assert.NotEqual(new EntityKey("12"), new EntityKey(12));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("12.5", StrictClient.EntityKey));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("true", StrictClient.EntityKey));
    }

    [Fact]
    public void RegistryAnswersWrittenByFeatureApiAreReadWithEveryField()
    {
        var at = new DateTimeOffset(2026, 11, 26, 8, 30, 15, TimeSpan.Zero);
        var current = JsonSerializer.Serialize(new ServerContracts.RegistryResponse(3, at, "ops", "1 added, 0 changed, 0 removed.", 1, "entities: []\n"),
            ServerAnswers);
        var plan = JsonSerializer.Serialize(ServerContracts.PlanResponse.Of(4, new FeatureApi.Definitions.PlanResult(3,
        [
            new("feature", "clicks_1h", FeatureApi.Definitions.PlanChangeKind.Changed, true, "Starts the window from empty.", ["tile: 5m -> 1m"]),
            new("entity", "item", FeatureApi.Definitions.PlanChangeKind.Added, false, null, []),
        ])), ServerAnswers);
        var history = JsonSerializer.Serialize(new ServerContracts.RegistryHistoryResponse(
            [new FeatureApi.Registry.VersionRecord(2, at, "ops", "Rollback to version 1: No changes.", 1), new FeatureApi.Registry.VersionRecord(1, at, "featureapi", "default")]),
            ServerAnswers);
        var status = JsonSerializer.Serialize(new ServerContracts.RegistryStatusResponse(2, 3, at, "Version 3 does not compile.", true), ServerAnswers);

        var readPlan = JsonSerializer.Deserialize(plan, StrictClient.RegistryPlan)!;

        AssertSameJson(current, JsonSerializer.Serialize(JsonSerializer.Deserialize(current, StrictClient.RegistryDocument), Client.RegistryDocument));
        AssertSameJson(plan, JsonSerializer.Serialize(readPlan, Client.RegistryPlan));
        Assert.Equal(["Updated feature clicks_1h (breaking)", "  tile: 5m -> 1m", "  ! Starts the window from empty.", "Created entity item"], readPlan.Lines);
        AssertSameJson(history, JsonSerializer.Serialize(JsonSerializer.Deserialize(history, StrictClient.RegistryHistory), Client.RegistryHistory));
        AssertSameJson(status, JsonSerializer.Serialize(JsonSerializer.Deserialize(status, StrictClient.RegistryStatus), Client.RegistryStatus));
    }

    [Fact]
    public void EveryKindOfPlanChangeFeatureApiWritesIsReadAsTheSameChange()
    {
        foreach (var kind in Enum.GetValues<FeatureApi.Definitions.PlanChangeKind>())
        {
            var plan = JsonSerializer.Serialize(ServerContracts.PlanResponse.Of(1, new FeatureApi.Definitions.PlanResult(1, [new("feature", "f", kind, false, null, [])])),
                ServerAnswers);

            Assert.Equal(kind.ToString(), JsonSerializer.Deserialize(plan, StrictClient.RegistryPlan)!.Changes[0].Change.ToString());
        }
    }

    [Fact]
    public void ARegistryRefusalCarriesItsCurrentVersionOrPlanToTheCaller()
    {
        var conflict = JsonSerializer.Serialize(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = 409,
            Title = "Another version was applied first.",
            Extensions = { ["currentVersion"] = 7L, ["traceId"] = "00-abc-01" },
        }, ServerAnswers);
        var breaking = JsonSerializer.Serialize(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = 422,
            Extensions = { ["plan"] = new[] { "Deleted feature f (breaking)", "  ! Requests naming f are refused." } },
        }, ServerAnswers);

        var readConflict = JsonSerializer.Deserialize(conflict, StrictClient.FeatureApiProblem)!;
        var readBreaking = JsonSerializer.Deserialize(breaking, StrictClient.FeatureApiProblem)!;

        Assert.Equal((7L, "00-abc-01"), (readConflict.CurrentRegistryVersion, readConflict.TraceId));
        Assert.Null(readConflict.PlanLines);
        Assert.Equal(["Deleted feature f (breaking)", "  ! Requests naming f are refused."], readBreaking.PlanLines!);
        Assert.Null(readBreaking.CurrentRegistryVersion);
        Assert.Equal(JsonValueKind.Array, readBreaking.Extensions!["plan"].ValueKind);
    }

    [Fact]
    public void AValidationProblemWrittenByFeatureApiIsReadWithItsFieldErrors()
    {
        var written = JsonSerializer.Serialize(new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(
            new Dictionary<string, string[]> { ["requests[3].userId"] = ["userId must be a positive 64-bit integer."] })
        {
            Status = 400,
            Title = "The request is invalid.",
            Detail = "requests[3].userId: userId must be a positive 64-bit integer.",
        }, Server.HttpValidationProblemDetails);

        var read = JsonSerializer.Deserialize(written, Client.FeatureApiProblem)!;

        Assert.Equal((400, "The request is invalid."), (read.Status, read.Title));
        Assert.Equal(["userId must be a positive 64-bit integer."], read.Errors!["requests[3].userId"]);
    }

    [Fact]
    public async Task VectorsWrittenByFeatureApisResponseWriterAreReadStrictly()
    {
        await using var api = new RunningFeatureApi();
        var http = api.Http;

        using var single = await http.PostAsJsonAsync("/api/features/extract", new { userId = 1, currentValue = 3.0, features = new[] { "user_age", "current_value" } });
        using var batch = await http.PostAsJsonAsync("/api/features/extract/batch", new { requests = new[] { new { userId = 1, currentValue = 3.0 } } });
        var vector = JsonSerializer.Deserialize(await single.Content.ReadAsStringAsync(), StrictClient.FeatureVector)!;
        var vectors = JsonSerializer.Deserialize(await batch.Content.ReadAsStringAsync(), StrictClient.BatchExtractResponse)!;

        Assert.Equal(["user_age", "current_value"], vector.Features.Keys);
        Assert.Equal(FeatureStatus.Default, vector.Status["user_age"]);
        Assert.Equal(3.0, vector.Features["current_value"]);
        Assert.Equal(1, Assert.Single(vectors.Results).UserId);
    }

    [Fact]
    public async Task EntitiesShapedVectorsWrittenByFeatureApisResponseWriterAreReadStrictly()
    {
        await using var api = new RunningFeatureApi();
        var http = api.Http;

        using var single = await http.PostAsJsonAsync("/api/features/extract", new { entities = new { user = 5 }, request = new { current_value = 3.0 }, features = new[] { "user_age", "current_value" } });
        using var batch = await http.PostAsJsonAsync("/api/features/extract/batch", new { requests = new[] { new { entities = new { user = 5 } } }, features = new[] { "user_age" } });
        var singleJson = await single.Content.ReadAsStringAsync();
        var batchJson = await batch.Content.ReadAsStringAsync();
        var vector = JsonSerializer.Deserialize(singleJson, StrictClient.FeatureVector)!;
        var vectors = JsonSerializer.Deserialize(batchJson, StrictClient.BatchExtractResponse)!;

        Assert.Equal((0L, new EntityKey(5), 1L), (vector.UserId, vector.Entities!["user"], vector.RegistryVersion!.Value));
        Assert.Equal(3.0, vector.Features["current_value"]);
        Assert.Equal(1, vectors.RegistryVersion);
        Assert.Equal(new EntityKey(5), Assert.Single(vectors.Results).Entities!["user"]);
        AssertSameJson(singleJson, JsonSerializer.Serialize(vector, Client.FeatureVector));
        AssertSameJson(batchJson, JsonSerializer.Serialize(vectors, Client.BatchExtractResponse));
    }

    [Fact]
    public async Task EntityRegistryAndStoreAnswersOfARunningFeatureApiAreReadStrictly()
    {
        await using var api = new RunningFeatureApi();
        var http = api.Http;
        await http.SeedAsync(5, new { user_age = 40 });
        var changed = FeatureApi.Definitions.DefaultRepository.Text.Replace("    window: 1h\n    tile: 5m", "    window: 1h\n    tile: 1m", StringComparison.Ordinal);

        await AssertReadStrictlyAsync(await http.GetAsync("/api/entities/user/5/features"), StrictClient.EntityFeatures, Client.EntityFeatures);
        await AssertReadStrictlyAsync(await http.GetAsync("/api/entities/user?limit=1"), StrictClient.EntityPage, Client.EntityPage);
        await AssertReadStrictlyAsync(await http.GetAsync("/api/registry"), StrictClient.RegistryDocument, Client.RegistryDocument);
        var plan = await AssertReadStrictlyAsync(await http.PostAsync("/api/registry/plan", RepositoryCalls.Yaml(changed)), StrictClient.RegistryPlan, Client.RegistryPlan);
        await AssertReadStrictlyAsync(await http.GetAsync("/api/registry/history"), StrictClient.RegistryHistory, Client.RegistryHistory);
        await AssertReadStrictlyAsync(await http.GetAsync("/api/registry/status"), StrictClient.RegistryStatus, Client.RegistryStatus);
        var storeInfo = await AssertReadStrictlyAsync(await http.GetAsync("/api/store"), StrictClient.StoreInfo, Client.StoreInfo);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(("feature", "clicks_1h", RegistryChangeType.Changed, true), (change.Kind, change.Name, change.Change, change.Breaking));
        Assert.Contains("tile: 5m -> 1m", change.Details);
        Assert.Equal(("standalone", "primary", true), (storeInfo.Topology!.Mode, Assert.Single(storeInfo.Topology.Nodes).Role, storeInfo.Topology.Nodes[0].Connected));
    }

    /// <summary>A FeatureApi of its own on a Garnet of its own, and a client of it with the test key: for what its writer writes.</summary>
    private sealed class RunningFeatureApi : IAsyncDisposable
    {
        private readonly StoreServer store = StoreServer.Start("garnet");
        private readonly FeatureApiHost host;

        public RunningFeatureApi()
        {
            host = new FeatureApiHost(store);
            Http = host.CreateClient();
        }

        public HttpClient Http { get; }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await host.DisposeAsync();
            await store.DisposeAsync();
        }
    }

    /// <summary>An answer of FeatureApi, read strictly and written back to the same JSON: no field is lost or unknown.</summary>
    private static async Task<T> AssertReadStrictlyAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> strict, JsonTypeInfo<T> client)
    {
        using (response)
        {
            var json = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {json}");
            var read = JsonSerializer.Deserialize(json, strict)!;
            AssertSameJson(json, JsonSerializer.Serialize(read, client));
            return read;
        }
    }

    /// <summary>Equal JSON, a property whose value is null counting as absent (the client leaves nulls out of requests).</summary>
    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(WithoutNulls(JsonNode.Parse(expected)), WithoutNulls(JsonNode.Parse(actual))), $"{expected}\n  differs from\n{actual}");

    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, _) in obj.Where(p => p.Value is null).ToList())
                {
                    obj.Remove(name);
                }
                foreach (var (_, value) in obj)
                {
                    WithoutNulls(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    WithoutNulls(item);
                }
                break;
        }
        return node;
    }

    /// <summary>
    /// FeatureApi's answer options as its startup configures them: its contracts first, then (for the registry's answers
    /// and problem extensions, which are not in its generated context) the framework's reflection-based resolver.
    /// </summary>
    private static JsonSerializerOptions ServerAnswerOptions()
    {
        var options = new Microsoft.AspNetCore.Http.Json.JsonOptions().SerializerOptions;
        options.TypeInfoResolverChain.Insert(0, FeatureJsonContext.Default);
        FeatureApi.Requests.RequestBindingExtensions.ApplyContractRules(options, new FeatureApi.Features.FeatureServingOptions());
        return options;
    }

    private static FeatureJsonContext ServerContext()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        FeatureApi.Requests.RequestBindingExtensions.ApplyContractRules(options, new FeatureApi.Features.FeatureServingOptions());
        return new FeatureJsonContext(options);
    }
}
