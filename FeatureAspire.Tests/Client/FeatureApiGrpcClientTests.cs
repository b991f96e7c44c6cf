using System.Net;
using FeatureAspire.Client;
using FeatureAspire.Tests.GrpcApi;
using FeatureAspire.Tests.Infrastructure;
using Grpc.Net.Client;

namespace FeatureAspire.Tests.Client;

/// <summary>
/// <see cref="FeatureApiGrpcClient"/> against a live FeatureApi on Garnet serving a team's repository: the same answers
/// as <see cref="FeatureApiClient"/> for the same requests, the key it sends, refusals named as the JSON problem names
/// them, and the stream helper matching answers to callers.
/// </summary>
public sealed class FeatureApiGrpcClientTests(GrpcTeamFixture team) : IClassFixture<GrpcTeamFixture>, IDisposable
{
    private readonly FeatureApiClient json = new(team.Host.Json(apiKey: null), FeatureApiHost.TestKey);
    private readonly GrpcChannel channel = GrpcChannel.ForAddress(team.Host.GrpcAddress);

    private FeatureApiGrpcClient Grpc(string? apiKey = FeatureApiHost.TestKey) => new(channel, apiKey, deadline: TimeSpan.FromSeconds(30));

    private Dictionary<string, EntityKey> UserAnd(string item) => new() { ["user"] = team.User, ["item"] = item };

    private static Dictionary<string, double> Discount(double discount) => new() { ["discount"] = discount };

    [Fact]
    public async Task ExtractEntitiesAnswersWhatTheJsonClientAnswers()
    {
        foreach (var item in team.Items)
        {
            AssertSameVector(await json.ExtractEntitiesAsync(UserAnd(item), Discount(0.25), featureSet: "ranker_v2"),
                await Grpc().ExtractEntitiesAsync(UserAnd(item), Discount(0.25), featureSet: "ranker_v2"));
        }
        string[] listed = ["item_price", "user_age", "price_per_year"];
        var vector = await Grpc().ExtractEntitiesAsync(UserAnd(team.Items[2]), Discount(0.5), listed);

        AssertSameVector(await json.ExtractEntitiesAsync(UserAnd(team.Items[2]), Discount(0.5), listed), vector);
        Assert.Equal(listed, vector.Features.Keys);
        Assert.Equal(30.0 * 0.5 / 25, vector.Features["price_per_year"]);
        Assert.Equal(FeatureStatus.Present, vector.Status["item_price"]);
    }

    [Fact]
    public async Task ExtractEntitiesBatchAnswersWhatTheJsonClientAnswersInRowOrder()
    {
        EntityExtractItem[] rows = [.. team.Items.Reverse().Select((item, i) => new EntityExtractItem(UserAnd(item), Discount(0.1 * i)))];

        var expected = await json.ExtractEntitiesBatchAsync(rows, featureSet: "ranker_v2");
        var answer = await Grpc().ExtractEntitiesBatchAsync(rows, featureSet: "ranker_v2");

        Assert.Equal(expected.Count, answer.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            AssertSameVector(expected[i], answer[i]);
        }
        Assert.Equal(team.Items.Reverse(), answer.Select(v => v.Entities!["item"].Text));
    }

    [Fact]
    public async Task ExtractCandidatesAnswersWhatTheJsonClientAnswers()
    {
        var user = new Dictionary<string, EntityKey> { ["user"] = team.User };
        EntityKey[] keys = [.. team.Items.Select(item => new EntityKey(item)), team.Items[0]];
        CandidateRow[] rows = [new(team.Items[1]), new(team.Items[2], Discount(0.0))];

        var byKeys = (await json.ExtractCandidatesAsync(user, "item", keys, Discount(0.25), featureSet: "ranker_v2"),
            await Grpc().ExtractCandidatesAsync(user, "item", keys, Discount(0.25), featureSet: "ranker_v2"));
        var byRows = (await json.ExtractCandidatesAsync(user, "item", rows, Discount(0.5), ["price_per_year"]),
            await Grpc().ExtractCandidatesAsync(user, "item", rows, Discount(0.5), ["price_per_year"]));

        foreach (var (expected, answer) in new[] { byKeys, byRows })
        {
            Assert.Equal(expected.Entities, answer.Entities);
            Assert.Equal((expected.RegistryVersion, expected.Degraded), (answer.RegistryVersion, answer.Degraded));
            Assert.Equal(expected.Rows.Select(r => r.Key), answer.Rows.Select(r => r.Key));
            for (var i = 0; i < expected.Rows.Count; i++)
            {
                AssertSameValues(expected.Rows[i].Features, expected.Rows[i].Status, answer.Rows[i].Features, answer.Rows[i].Status);
            }
        }
        Assert.Equal(keys.Length, byKeys.Item2.Rows.Count);
        Assert.Equal(30.0 / 25, byRows.Item2.Rows[1].Features["price_per_year"]);
    }

    [Fact]
    public async Task GetDefinitionsAnswersWhatTheJsonClientAnswers()
    {
        var expected = await json.GetDefinitionsAsync();
        var answer = await Grpc().GetDefinitionsAsync();

        Assert.Equal(expected.Select(Describe), answer.Select(Describe));
        Assert.Contains(answer, d => d.Live is { Aggregation: Aggregation.Count } && d.Entity == "item");
        Assert.Contains(answer, d => d.Expression is not null && d.Kind == FeatureKind.Derived && d.Type == FeatureValueType.Bool);
    }

    [Fact]
    public async Task TheKeyIsSentAndAWrongOneIsRefusedAsUnauthorized()
    {
        var entities = UserAnd(team.Items[0]);
        var request = Discount(0.1);

        var wrong = await Assert.ThrowsAsync<FeatureApiException>(() => Grpc("not-a-key-of-this-featureapi").ExtractEntitiesAsync(entities, request));
        var none = await Assert.ThrowsAsync<FeatureApiException>(() => Grpc(apiKey: null).GetDefinitionsAsync());
        var writerOnly = await Assert.ThrowsAsync<FeatureApiException>(() => Grpc(FeatureApiHost.WriterKey).ExtractEntitiesAsync(entities, request));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrong.StatusCode, none.StatusCode));
        Assert.Equal(HttpStatusCode.Forbidden, writerOnly.StatusCode);
        Assert.IsType<global::Grpc.Core.RpcException>(wrong.InnerException);
        Assert.NotEmpty((await Grpc(FeatureApiHost.ReaderKey).ExtractEntitiesAsync(entities, request)).Features);
    }

    [Fact]
    public async Task AnInvalidRequestNamesTheFieldsAsTheJsonProblemNamesThem()
    {
        // No user, an item key of the wrong kind, no discount, an unknown feature.
        var entities = new Dictionary<string, EntityKey> { ["item"] = 7 };
        var rows = new EntityExtractItem[] { new(UserAnd(team.Items[0]), Discount(0.1)), new(entities) };

        var pairs = new (Func<Task> Json, Func<Task> Grpc)[]
        {
            (() => json.ExtractEntitiesAsync(entities, features: ["price_per_year", "no_such_feature"]),
                () => Grpc().ExtractEntitiesAsync(entities, features: ["price_per_year", "no_such_feature"])),
            (() => json.ExtractEntitiesBatchAsync(rows, featureSet: "ranker_v2"), () => Grpc().ExtractEntitiesBatchAsync(rows, featureSet: "ranker_v2")),
            (() => json.ExtractCandidatesAsync(new Dictionary<string, EntityKey>(), "item", [5L]),
                () => Grpc().ExtractCandidatesAsync(new Dictionary<string, EntityKey>(), "item", [5L])),
        };
        foreach (var (jsonCall, grpcCall) in pairs)
        {
            var expected = await Assert.ThrowsAsync<FeatureApiException>(jsonCall);
            var refused = await Assert.ThrowsAsync<FeatureApiException>(grpcCall);

            Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (expected.StatusCode, refused.StatusCode));
            Assert.NotEmpty(expected.Errors);
            Assert.Equal(expected.Errors.Keys.Order(), refused.Errors.Keys.Order());
            foreach (var (field, messages) in expected.Errors)
            {
                Assert.Equal(messages, refused.Errors[field]);
            }
            Assert.Contains(expected.Errors.Keys.First(), refused.Message);
        }
    }

    [Fact]
    public async Task TheStreamAnswersEachConcurrentCallerWithItsOwnVector()
    {
        var grpc = Grpc();
        await using var stream = grpc.OpenExtractStream();
        // Every caller asks for its own item and discount, so an answer handed to the wrong caller shows.
        var asks = Enumerable.Range(0, 200).Select(i => (Item: team.Items[i % team.Items.Length], Discount: (i % 50) / 100.0)).ToArray();

        var answers = await Task.WhenAll(asks.Select(ask => Task.Run(() =>
            stream.ExtractAsync(UserAnd(ask.Item), Discount(ask.Discount), ["item_price", "discount", "price_per_year"]))));

        for (var i = 0; i < asks.Length; i++)
        {
            Assert.Equal(asks[i].Item, answers[i].Entities!["item"].Text);
            Assert.Equal(asks[i].Discount, answers[i].Features["discount"]);
        }
        foreach (var ask in asks.Take(team.Items.Length * 2))
        {
            var single = await grpc.ExtractEntitiesAsync(UserAnd(ask.Item), Discount(ask.Discount), ["item_price", "discount", "price_per_year"]);
            AssertSameVector(single, answers[Array.IndexOf(asks, ask)]);
        }
    }

    [Fact]
    public async Task AnInvalidMessageOnTheStreamFailsOnlyItsOwnCaller()
    {
        await using var stream = Grpc().OpenExtractStream();
        var calls = Enumerable.Range(0, 60).Select(i => i % 20 == 7
            ? stream.ExtractAsync(new Dictionary<string, EntityKey> { ["item"] = team.Items[0] }, Discount(0.1))
            : stream.ExtractAsync(UserAnd(team.Items[i % 3]), Discount(i / 100.0), ["discount"])).ToArray();

        await Task.WhenAll(calls.Select(call => call.ContinueWith(_ => { }, TaskScheduler.Default)));

        for (var i = 0; i < calls.Length; i++)
        {
            if (i % 20 == 7)
            {
                var refused = await Assert.ThrowsAsync<FeatureApiException>(() => calls[i]);
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.Contains("entities.user", refused.Errors.Keys);
            }
            else
            {
                Assert.Equal(i / 100.0, (await calls[i]).Features["discount"]);
            }
        }
        // The stream goes on serving after the refusals.
        Assert.Equal(0.42, (await stream.ExtractAsync(UserAnd(team.Items[1]), Discount(0.42), ["discount"])).Features["discount"]);
    }

    [Fact]
    public async Task ADisposedStreamAnswersWhatWasSentAndRefusesMore()
    {
        var stream = Grpc().OpenExtractStream();
        var sent = Enumerable.Range(0, 20).Select(i => stream.ExtractAsync(UserAnd(team.Items[0]), Discount(i / 100.0), ["discount"])).ToArray();

        await stream.DisposeAsync();

        // Every answer has arrived when DisposeAsync returns; each caller's own continuation runs a moment later.
        var answers = await Task.WhenAll(sent).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i / 100.0), answers.Select(answer => answer.Features["discount"]));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.ExtractAsync(UserAnd(team.Items[0]), Discount(0)));
    }

    public void Dispose() => channel.Dispose();

    private static void AssertSameVector(FeatureVector expected, FeatureVector actual)
    {
        Assert.Equal((expected.UserId, expected.Degraded, expected.RegistryVersion), (actual.UserId, actual.Degraded, actual.RegistryVersion));
        Assert.Equal(expected.Entities, actual.Entities);
        AssertSameValues(expected.Features, expected.Status, actual.Features, actual.Status);
    }

    private static void AssertSameValues(IReadOnlyDictionary<string, double> expectedFeatures, IReadOnlyDictionary<string, FeatureStatus> expectedStatus,
        IReadOnlyDictionary<string, double> features, IReadOnlyDictionary<string, FeatureStatus> status)
    {
        Assert.NotEmpty(features);
        Assert.Equal(expectedFeatures.ToArray(), features.ToArray());
        Assert.Equal(expectedStatus.OrderBy(p => p.Key), status.OrderBy(p => p.Key));
    }

    private static string Describe(FeatureDefinition d) =>
        $"{d.Name} {d.Kind} {d.Type} {d.Default} {d.Description} [{string.Join(",", d.Inputs)}] {d.MaxAge} {d.Live} {d.Entity} {d.Expression}";
}
