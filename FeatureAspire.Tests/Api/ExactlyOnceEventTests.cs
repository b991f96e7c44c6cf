using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureApi.Store;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>Events with an eventId count once per user, whatever the retries and races, on real Redis and on Garnet.</summary>
public abstract class ExactlyOnceEventTests(ApiFixture fixture) : ApiTests(fixture)
{
    [SkippableFact]
    public async Task TheSameRequestTwiceConcurrentlyAndAgainLaterCountsOnce()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();
        // Distinct powers of two: any event counted twice shows in the sum.
        var events = new[] { ("a", 1.0), ("b", 2.0), ("c", 4.0) }
            .Select(e => new { userId, stream = "clicks", value = e.Item2, eventId = $"order-{userId}-{e.Item1}" }).ToArray();

        var concurrent = await Task.WhenAll(PostAsync(api, events), PostAsync(api, events));
        var later = await PostAsync(api, events);

        var answers = concurrent.Append(later).ToList();
        Assert.Equal(3, answers.Sum(a => a.Accepted));
        Assert.Equal(6, answers.Sum(a => a.Duplicates));
        Assert.Equal((0, 3), later);
        Assert.Equal(7.0, await ClicksAsync(api, userId));
    }

    [SkippableFact]
    public async Task SixteenWritersRacingWithOverlappingIdsLoseAndDuplicateNothing()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();
        // Writer w sends ids 5w .. 5w+19: each id is sent by up to four writers; 95 distinct ids in all.
        var writers = Enumerable.Range(0, 16).Select(w => Task.Run(() => PostAsync(api,
            [.. Enumerable.Range(5 * w, 20).Select(id => new { userId, stream = "clicks", value = 1.0, eventId = $"e{id}" })])));

        var answers = await Task.WhenAll(writers);

        Assert.Equal(95, answers.Sum(a => a.Accepted));
        Assert.Equal(16 * 20 - 95, answers.Sum(a => a.Duplicates));
        Assert.Equal(95.0, await ClicksAsync(api, userId));
    }

    [SkippableFact]
    public async Task AnIdRepeatedInOneRequestCountsOnceAndEventsWithoutIdsAlwaysCount()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();

        var answer = await PostAsync(api,
        [
            new { userId, stream = "clicks", value = 1.0, eventId = (string?)"same" },
            new { userId, stream = "clicks", value = 1.0, eventId = (string?)"same" },
            new { userId, stream = "clicks", value = 10.0, eventId = (string?)null },
            new { userId, stream = "clicks", value = 10.0, eventId = (string?)null },
        ]);

        Assert.Equal((3, 1), answer);
        Assert.Equal(21.0, await ClicksAsync(api, userId));
    }

    [SkippableFact]
    public async Task TheSameIdForAnotherUserIsAnotherEvent()
    {
        var api = Api;
        var first = ApiFixture.NewUserId();
        var second = ApiFixture.NewUserId();

        var answer = await PostAsync(api,
        [
            new { userId = first, stream = "clicks", value = 1.0, eventId = "shared" },
            new { userId = second, stream = "clicks", value = 1.0, eventId = "shared" },
        ]);

        Assert.Equal((2, 0), answer);
        Assert.Equal(1.0, await ClicksAsync(api, second));
    }

    [SkippableFact]
    public async Task WholeAndFractionalValuesSumExactlyInEitherOrder()
    {
        var api = Api;
        var wholeFirst = ApiFixture.NewUserId();
        var fractionFirst = ApiFixture.NewUserId();
        // A tile that holds a whole number takes a fraction, and one that holds a fraction takes a whole number.
        double[] values = [3, 0.25, 4, -2, 0.5];

        await PostAsync(api, [.. values.Select((value, i) => new { userId = wholeFirst, stream = "clicks", value, eventId = $"w{i}" })]);
        await PostAsync(api, [.. values.Reverse().Select((value, i) => new { userId = fractionFirst, stream = "clicks", value, eventId = $"f{i}" })]);

        Assert.Equal(5.75, await ClicksAsync(api, wholeFirst));
        Assert.Equal(5.75, await ClicksAsync(api, fractionFirst));
    }

    [SkippableFact]
    public async Task EventsOfManyUsersInOneRequestCountOnceEachAndTheirRetryCountsNothing()
    {
        var api = Api;
        long[] users = [.. Enumerable.Range(0, 200).Select(_ => ApiFixture.NewUserId())];
        // Three events per user, interleaved, so every script of the request carries several users.
        var events = Enumerable.Range(0, 3).SelectMany(round => users.Select(userId =>
            new { userId, stream = "clicks", value = (double)(1 << round), eventId = $"order-{round}" })).ToArray();
        await using var admin = await Fixture.Store.ConnectAsync();
        var servers = admin.GetServers().Where(s => !s.IsReplica).ToArray();
        var before = await Task.WhenAll(servers.Select(StoreCommandStats.CallsAsync));

        var first = await PostAsync(api, events);
        var after = await Task.WhenAll(servers.Select(StoreCommandStats.CallsAsync));
        var retry = await PostAsync(api, events);

        Assert.Equal((600, 0), first);
        Assert.Equal((0, 600), retry);
        foreach (var userId in users.Where((_, i) => i % 20 == 0))
        {
            Assert.Equal(7.0, await ClicksAsync(api, userId));
        }
        long Scripts(Dictionary<string, long>[] stats) => stats.Sum(c => c.GetValueOrDefault("evalsha") + c.GetValueOrDefault("eval"));
        if (Fixture.Store.Kind == "redis")
        {
            // A single server has no slots: 600 events of 200 users are scripts of 32 events, not one per user.
            Assert.Equal((600 + LiveEventWriter.MaxEventsPerScript - 1) / LiveEventWriter.MaxEventsPerScript, Scripts(after) - Scripts(before));
        }
    }

    private static async Task<(int Accepted, int Duplicates)> PostAsync<T>(HttpClient api, T[] events)
    {
        using var response = await api.PostAsJsonAsync("/api/events", new { events });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (answer.GetProperty("accepted").GetInt32(), answer.GetProperty("duplicates").GetInt32());
    }

    private static async Task<double> ClicksAsync(HttpClient api, long userId) =>
        (await api.ExtractAsync(userId, ["clicks_1h"])).GetProperty("features").GetProperty("clicks_1h").GetDouble();
}

[Collection(nameof(RedisApiCollection))]
public sealed class ExactlyOnceEventsOnRedisTests(RedisApiFixture fixture) : ExactlyOnceEventTests(fixture);

[Collection(nameof(GarnetApiCollection))]
public sealed class ExactlyOnceEventsOnGarnetTests(GarnetApiFixture fixture) : ExactlyOnceEventTests(fixture);

[Collection(nameof(ClusterApiCollection))]
public sealed class ExactlyOnceEventsOnClusterTests(ClusterApiFixture fixture) : ExactlyOnceEventTests(fixture);
