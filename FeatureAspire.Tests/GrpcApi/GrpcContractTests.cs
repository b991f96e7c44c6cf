using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Registry;
using Grpc.Core;
using static FeatureAspire.Tests.GrpcApi.GrpcAssertions;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureAspire.Tests.GrpcApi;

/// <summary>
/// Every FeatureService call answers what the JSON API answers for the same request, from the same process and store:
/// extract, batch, stream, candidates and definitions, values, statuses, entities and registry version alike.
/// </summary>
public sealed class GrpcContractTests(GrpcTeamFixture team) : IClassFixture<GrpcTeamFixture>
{
    private readonly HttpClient json = team.Host.Http;
    private readonly Rpc.FeatureService.FeatureServiceClient grpc = team.Host.Client();

    [Fact]
    public async Task ExtractAnswersWhatTheJsonExtractAnswers()
    {
        foreach (var item in team.Items)
        {
            var answer = await grpc.ExtractAsync(Extract(team.User, item, discount: 0.25, featureSet: "ranker_v2"));
            AssertSameVector(await PostAsync("/api/features/extract", new
            {
                entities = new Dictionary<string, object> { ["user"] = team.User, ["item"] = item },
                request = new { discount = 0.25 },
                featureSet = "ranker_v2",
            }), answer);
        }
        // A list of features, and the default set.
        var listed = await grpc.ExtractAsync(Extract(team.User, team.Items[2], discount: 0.5, features: ["item_price", "user_age", "price_per_year"]));
        AssertSameVector(await PostAsync("/api/features/extract", new
        {
            entities = new Dictionary<string, object> { ["user"] = team.User, ["item"] = team.Items[2] },
            request = new { discount = 0.5 },
            features = new[] { "item_price", "user_age", "price_per_year" },
        }), listed);
        Assert.Equal(30.0 * 0.5 / 25, listed.Features["price_per_year"]);
        Assert.Equal(Rpc.FeatureStatus.Present, listed.Status["item_price"]);
    }

    [Fact]
    public async Task ExtractBatchAnswersWhatTheJsonBatchAnswersInRequestOrder()
    {
        var request = new Rpc.ExtractBatchRequest { FeatureSet = "ranker_v2" };
        foreach (var item in team.Items.Reverse())
        {
            var row = new Rpc.ExtractBatchItem { Request = { ["discount"] = 0.1 } };
            row.Entities.Add("user", new Rpc.EntityKey { IntKey = team.User });
            row.Entities.Add("item", new Rpc.EntityKey { StringKey = item });
            request.Requests.Add(row);
        }

        var answer = await grpc.ExtractBatchAsync(request);

        var expected = await PostAsync("/api/features/extract/batch", new
        {
            requests = team.Items.Reverse().Select(item => new
            {
                entities = new Dictionary<string, object> { ["user"] = team.User, ["item"] = item },
                request = new { discount = 0.1 },
            }),
            featureSet = "ranker_v2",
        });
        Assert.Equal(expected.GetProperty("registryVersion").GetInt64(), answer.RegistryVersion);
        var results = expected.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(results.Length, answer.Results.Count);
        foreach (var (row, vector) in results.Zip(answer.Results))
        {
            AssertSameVector(row, vector, withVersion: false);
            Assert.Equal(answer.RegistryVersion, vector.RegistryVersion);
        }
    }

    [Fact]
    public async Task ExtractStreamAnswersEveryMessageInOrderAsTheJsonExtractWould()
    {
        // Many messages sent before any answer is read: several are in flight at once, the answers still come in order.
        var messages = Enumerable.Range(0, 200).Select(i => (Item: team.Items[i % team.Items.Length], Discount: i / 1000.0)).ToArray();
        using var stream = grpc.ExtractStream();
        var sending = Task.Run(async () =>
        {
            foreach (var (item, discount) in messages)
            {
                await stream.RequestStream.WriteAsync(Extract(team.User, item, discount, featureSet: "ranker_v2"));
            }
            await stream.RequestStream.CompleteAsync();
        });
        var answers = new List<Rpc.FeatureVector>();
        await foreach (var answer in stream.ResponseStream.ReadAllAsync())
        {
            answers.Add(answer);
        }
        await sending;

        Assert.Equal(messages.Length, answers.Count);
        Assert.Equal(messages.Select(m => m.Item), answers.Select(a => a.Entities["item"].StringKey));
        for (var i = 0; i < messages.Length; i += 37)
        {
            AssertSameVector(await PostAsync("/api/features/extract", new
            {
                entities = new Dictionary<string, object> { ["user"] = team.User, ["item"] = messages[i].Item },
                request = new { discount = messages[i].Discount },
                featureSet = "ranker_v2",
            }), answers[i]);
        }
    }

    [Fact]
    public async Task AStreamServesEachMessageFromTheRegistryVersionCurrentWhenItArrives()
    {
        using var stream = grpc.ExtractStream();
        var before = await OneAsync(stream);

        var applied = await json.ApplyAsync(TeamRepository.Yaml.Replace("A team's ranker features.", $"A team's ranker features, again {Guid.NewGuid()}.", StringComparison.Ordinal));
        var after = await OneAsync(stream);
        await stream.RequestStream.CompleteAsync();

        Assert.True(applied > before.RegistryVersion);
        Assert.Equal(applied, after.RegistryVersion);

        async Task<Rpc.FeatureVector> OneAsync(AsyncDuplexStreamingCall<Rpc.ExtractRequest, Rpc.FeatureVector> call)
        {
            await call.RequestStream.WriteAsync(Extract(team.User, team.Items[0], 0.1, featureSet: "ranker_v2"));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            return call.ResponseStream.Current;
        }
    }

    [Fact]
    public async Task AnInvalidStreamMessageEndsTheStreamAfterTheAnswersBeforeIt()
    {
        using var stream = grpc.ExtractStream();
        await stream.RequestStream.WriteAsync(Extract(team.User, team.Items[0], 0.1, featureSet: "ranker_v2"));
        await stream.RequestStream.WriteAsync(Extract(team.User, team.Items[1], 0.1, featureSet: "ranker_v2"));
        await stream.RequestStream.WriteAsync(Extract(team.User, item: null, 0.1, featureSet: "ranker_v2"));
        await stream.RequestStream.WriteAsync(Extract(team.User, team.Items[2], 0.1, featureSet: "ranker_v2"));

        var answered = new List<string>();
        var violations = await ViolationsAsync(async () =>
        {
            await foreach (var answer in stream.ResponseStream.ReadAllAsync())
            {
                answered.Add(answer.Entities["item"].StringKey);
            }
        });

        Assert.Equal(team.Items[..2], answered);
        Assert.Equal(["entities.item"], violations.Keys);
    }

    [Fact]
    public async Task ExtractCandidatesAnswersWhatTheJsonCandidatesCallAnswers()
    {
        string[] keys = [team.Items[2], team.Items[0], team.Items[3], team.Items[2]];
        var request = new Rpc.ExtractCandidatesRequest
        {
            Candidates = new Rpc.CandidateList { Entity = "item", Keys = { keys.Select(k => new Rpc.EntityKey { StringKey = k }) } },
            Request = { ["discount"] = 0.2 },
            FeatureSet = "ranker_v2",
        };
        request.Entities.Add("user", new Rpc.EntityKey { IntKey = team.User });
        var answer = await grpc.ExtractCandidatesAsync(request);
        AssertSameCandidates(await PostAsync("/api/features/extract/candidates", new
        {
            entities = new { user = team.User },
            candidates = new { entity = "item", keys },
            request = new { discount = 0.2 },
            featureSet = "ranker_v2",
        }), answer);
        Assert.Equal(keys, answer.Rows.Select(r => r.Key.StringKey));

        // Rows carrying their own request values.
        var rows = new Rpc.ExtractCandidatesRequest { Candidates = new Rpc.CandidateList { Entity = "item" }, Features = { "price_per_year" } };
        rows.Entities.Add("user", new Rpc.EntityKey { IntKey = team.User });
        rows.Candidates.Rows.Add(new Rpc.CandidateRow { Key = new Rpc.EntityKey { StringKey = team.Items[1] }, Request = { ["discount"] = 0.5 } });
        rows.Candidates.Rows.Add(new Rpc.CandidateRow { Key = new Rpc.EntityKey { StringKey = team.Items[0] }, Request = { ["discount"] = 0 } });
        AssertSameCandidates(await PostAsync("/api/features/extract/candidates", new
        {
            entities = new { user = team.User },
            candidates = new
            {
                entity = "item",
                rows = new object[] { new { key = team.Items[1], request = new { discount = 0.5 } }, new { key = team.Items[0], request = new { discount = 0 } } },
            },
            features = new[] { "price_per_year" },
        }), await grpc.ExtractCandidatesAsync(rows));
    }

    [Fact]
    public async Task GetDefinitionsListsWhatTheJsonDefinitionsList()
    {
        var answer = await grpc.GetDefinitionsAsync(new Rpc.GetDefinitionsRequest());

        using var response = await json.GetAsync("/api/features/definitions");
        response.EnsureSuccessStatusCode();
        Assert.Equal(long.Parse(response.Headers.GetValues(RepositoryCalls.RegistryVersionHeader).Single(), System.Globalization.CultureInfo.InvariantCulture),
            answer.RegistryVersion);
        var expected = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
        Assert.Equal(expected.Select(d => d.GetProperty("name").GetString()), answer.Features.Select(d => d.Name));
        foreach (var (definition, feature) in expected.Zip(answer.Features))
        {
            Assert.Equal(definition.GetProperty("kind").GetString(), WireName(feature.Kind));
            Assert.Equal(definition.GetProperty("type").GetString(), WireName(feature.Type));
            Assert.Equal(definition.GetProperty("default").GetDouble(), feature.DefaultValue);
            Assert.Equal(definition.GetProperty("description").GetString(), feature.Description);
            Assert.Equal(definition.GetProperty("inputs").EnumerateArray().Select(i => i.GetString()), feature.Inputs);
            Assert.Equal(Optional(definition, "entity") ?? "", feature.Entity);
            Assert.Equal(Optional(definition, "expression") ?? "", feature.Expression);
            Assert.Equal(Optional(definition, "maxAge") is { } maxAge ? TimeSpan.Parse(maxAge, System.Globalization.CultureInfo.InvariantCulture) : null,
                feature.MaxAge?.ToTimeSpan());
            if (definition.GetProperty("live") is { ValueKind: JsonValueKind.Object } live)
            {
                Assert.Equal(live.GetProperty("stream").GetString(), feature.Live.Stream);
                Assert.Equal(live.GetProperty("aggregation").GetString(), WireName(feature.Live.Aggregation));
                Assert.Equal(TimeSpan.Parse(live.GetProperty("window").GetString()!, System.Globalization.CultureInfo.InvariantCulture), feature.Live.Window.ToTimeSpan());
                Assert.Equal(TimeSpan.Parse(live.GetProperty("tileSize").GetString()!, System.Globalization.CultureInfo.InvariantCulture), feature.Live.TileSize.ToTimeSpan());
                Assert.Equal(live.GetProperty("tilesRead").GetInt32(), feature.Live.TilesRead);
            }
            else
            {
                Assert.Null(feature.Live);
            }
        }
        Assert.Contains(answer.Features, f => f.Live is not null);
        Assert.Contains(answer.Features, f => f.MaxAge is not null);
    }

    private static string? Optional(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void AssertSameCandidates(JsonElement expected, Rpc.ExtractCandidatesResponse answer)
    {
        AssertSameEntities(expected.GetProperty("entities"), answer.Entities);
        Assert.Equal(expected.GetProperty("registryVersion").GetInt64(), answer.RegistryVersion);
        Assert.Equal(expected.GetProperty("degraded").GetBoolean(), answer.Degraded);
        var rows = expected.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(rows.Length, answer.Rows.Count);
        foreach (var (row, vector) in rows.Zip(answer.Rows))
        {
            AssertSameKey(row.GetProperty("key"), vector.Key);
            AssertSameFeatures(row, vector.Features, vector.Status);
        }
    }

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await json.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>An extract of the user and, when given, an item.</summary>
    internal static Rpc.ExtractRequest Extract(long user, string? item, double discount, string[]? features = null, string? featureSet = null)
    {
        var request = new Rpc.ExtractRequest { Request = { ["discount"] = discount }, FeatureSet = featureSet ?? "" };
        request.Entities.Add("user", new Rpc.EntityKey { IntKey = user });
        if (item is not null)
        {
            request.Entities.Add("item", new Rpc.EntityKey { StringKey = item });
        }
        request.Features.Add(features ?? []);
        return request;
    }
}
