using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeatureApi.Store;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FeatureAspire.Tests.Api;

/// <summary>Live events and windowed aggregates, on real Redis and on Garnet.</summary>
public abstract class LiveFeatureTests(ApiFixture fixture)
{
    private static readonly string[] LiveFeatures = ["clicks_1h", "clicks_24h", "clicks_7d", "f_click_trend"];

    private HttpClient Api
    {
        get
        {
            Skip.If(fixture.Unavailable is not null, fixture.Unavailable);
            return fixture.Client;
        }
    }

    [SkippableFact]
    public async Task AnExtractAfterThe202SeesTheEvent()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();
        await fixture.SeedAsync(userId, new { last_7d_clicks = 14 });

        using var accepted = await PostEventsAsync(api, new { userId, stream = "clicks" }, new { userId, stream = "clicks", value = 2.5 });
        var vector = await ExtractAsync(api, userId);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(2, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        var features = vector.GetProperty("features");
        Assert.Equal(3.5, features.GetProperty("clicks_1h").GetDouble());
        Assert.Equal(3.5, features.GetProperty("clicks_24h").GetDouble());
        Assert.Equal(3.5, features.GetProperty("clicks_7d").GetDouble());
        Assert.Equal(3.5 / 3.0, features.GetProperty("f_click_trend").GetDouble(), 12);
        Assert.All(vector.GetProperty("status").EnumerateObject(), s => Assert.Equal("present", s.Value.GetString()));
    }

    [SkippableFact]
    public async Task EachWindowCountsOnlyItsOwnEvents()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();
        var now = DateTimeOffset.UtcNow;

        using var accepted = await PostEventsAsync(api,
            new { userId, stream = "clicks", value = 1.0, timestamp = now.AddMinutes(-10) },
            new { userId, stream = "clicks", value = 10.0, timestamp = now.AddHours(-5) },
            new { userId, stream = "clicks", value = 100.0, timestamp = now.AddDays(-3) });
        var features = (await ExtractAsync(api, userId)).GetProperty("features");

        Assert.Equal(1.0, features.GetProperty("clicks_1h").GetDouble());
        Assert.Equal(11.0, features.GetProperty("clicks_24h").GetDouble());
        Assert.Equal(111.0, features.GetProperty("clicks_7d").GetDouble());
    }

    [SkippableFact]
    public async Task ConcurrentWritersLoseNoUpdate()
    {
        var api = Api;
        const int writers = 64;
        const int totalEvents = 100_000;
        long[] users = [ApiFixture.NewUserId(), ApiFixture.NewUserId(), ApiFixture.NewUserId(), ApiFixture.NewUserId()];

        await Parallel.ForAsync(0, writers, async (writer, cancellationToken) =>
        {
            var mine = totalEvents / writers + (writer < totalEvents % writers ? 1 : 0);
            for (var sent = 0; sent < mine; sent += 500)
            {
                var batch = Enumerable.Range(sent, Math.Min(500, mine - sent))
                    .Select(i => new { userId = users[(writer + i) % users.Length], stream = "clicks", value = 1.0 });
                using var response = await api.PostAsJsonAsync("/api/events", new { events = batch }, cancellationToken);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
        });

        var totals = new List<double>();
        foreach (var userId in users)
        {
            totals.Add((await ExtractAsync(api, userId)).GetProperty("features").GetProperty("clicks_1h").GetDouble());
        }
        Assert.Equal(totalEvents, totals.Sum());
    }

    [SkippableFact]
    public async Task ARequestWithOneBadEventWritesNothing()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();

        using var response = await PostEventsAsync(api,
            new { userId, stream = "clicks" },
            new { userId, stream = "views" });

        await ApiTests.AssertProblemAsync(response, "events[1].stream");
        Assert.Equal(0.0, (await ExtractAsync(api, userId)).GetProperty("features").GetProperty("clicks_1h").GetDouble());
    }

    [SkippableTheory]
    [InlineData("{\"events\":[{\"userId\":0,\"stream\":\"clicks\"}]}", "events[0].userId")]
    [InlineData("{\"events\":[{\"userId\":1}]}", "events[0].stream")]
    [InlineData("{\"events\":[{\"userId\":1,\"stream\":\"clicks\"},{\"userId\":1,\"stream\":\"clicks\",\"value\":1e999}]}", "events[1].value")]
    [InlineData("{\"events\":[{\"userId\":1,\"stream\":\"clicks\",\"value\":\"NaN\"}]}", "events[0].value")]
    [InlineData("{\"events\":[{\"userId\":1,\"stream\":\"clicks\",\"timestamp\":\"2099-01-01T00:00:00Z\"}]}", "events[0].timestamp")]
    [InlineData("{\"events\":[{\"userId\":1,\"stream\":\"clicks\",\"timestamp\":\"2020-01-01T00:00:00Z\"}]}", "events[0].timestamp")]
    [InlineData("{\"events\":[{\"userId\":1,\"stream\":\"clicks\",\"value\":1e308},{\"userId\":1,\"stream\":\"clicks\",\"value\":1e308}]}", "events[0].value")]
    [InlineData("{\"events\":[{\"userId\":1,\"stream\":\"clicks\",\"value\":-1.5e15}]}", "events[0].value")]
    [InlineData("{\"events\":[{\"userId\":1,\"stream\":\"clicks\",\"eventId\":\"\"}]}", "events[0].eventId")]
    [InlineData("{\"events\":[null]}", "events[0]")]
    [InlineData("{\"events\":[]}", "events")]
    public async Task BadEventsGetAProblemNamingTheIndexAndField(string body, string field)
    {
        var api = Api;

        using var response = await api.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"));

        await ApiTests.AssertProblemAsync(response, field);
    }

    [SkippableFact]
    public async Task ValuesUpToTheMagnitudeLimitAddUpWithoutOverflow()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();

        using var accepted = await PostEventsAsync(api, new { userId, stream = "clicks", value = 1e15 }, new { userId, stream = "clicks", value = 1e15 });
        var clicks = (await ExtractAsync(api, userId)).GetProperty("features").GetProperty("clicks_1h").GetDouble();

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(2e15, clicks);
    }

    [SkippableFact]
    public async Task AnOversizedBatchIsRefusedWhole()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();

        using var response = await api.PostAsJsonAsync("/api/events", new
        {
            events = Enumerable.Range(0, 10_001).Select(_ => new { userId, stream = "clicks" }),
        });

        await ApiTests.AssertProblemAsync(response, "events");
        Assert.Equal(0.0, (await ExtractAsync(api, userId)).GetProperty("features").GetProperty("clicks_1h").GetDouble());
    }

    [SkippableFact]
    public async Task DefinitionsDescribeTheLiveWindows()
    {
        var api = Api;

        var definitions = (await api.GetFromJsonAsync<JsonElement>("/api/features/definitions")).EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetString()!);

        var live = definitions["clicks_1h"].GetProperty("live");
        Assert.Equal("live", definitions["clicks_1h"].GetProperty("kind").GetString());
        Assert.Equal("clicks", live.GetProperty("stream").GetString());
        Assert.Equal("sum", live.GetProperty("aggregation").GetString());
        Assert.Equal(13, live.GetProperty("tilesRead").GetInt32());
        Assert.Equal(TimeSpan.FromMinutes(5), TimeSpan.Parse(live.GetProperty("tileSize").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["clicks_24h", "last_7d_clicks"], definitions["f_click_trend"].GetProperty("inputs").EnumerateArray().Select(i => i.GetString()));
    }

    internal static Task<HttpResponseMessage> PostEventsAsync(HttpClient api, params object[] events) =>
        api.PostAsJsonAsync("/api/events", new { events });

    internal static Task<JsonElement> ExtractAsync(HttpClient api, long userId) => api.ExtractAsync(userId, LiveFeatures);
}

[Collection(nameof(RedisApiCollection))]
public sealed class LiveFeaturesOnRedisTests(RedisApiFixture fixture) : LiveFeatureTests(fixture);

[Collection(nameof(GarnetApiCollection))]
public sealed class LiveFeaturesOnGarnetTests(GarnetApiFixture fixture) : LiveFeatureTests(fixture);

[Collection(nameof(ClusterApiCollection))]
public sealed class LiveFeaturesOnClusterTests(ClusterApiFixture fixture) : LiveFeatureTests(fixture);

/// <summary>Window edges and tile expiry, with FeatureApi's clock under the test's control.</summary>
public sealed class LiveWindowTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    private readonly StoreServer store = garnet.Store;

    private static readonly TimeSpan HourTile = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task AnEventJustInsideTheWindowCountsAndOneATilePastItDoesNot()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new FeatureApiHost(store, time: clock);
        using var api = host.CreateClient();
        var userId = ApiFixture.NewUserId();
        var now = clock.GetUtcNow();

        using var _ = await LiveFeatureTests.PostEventsAsync(api,
            new { userId, stream = "clicks", value = 1.0, timestamp = now.AddHours(-1).AddSeconds(1) },
            new { userId, stream = "clicks", value = 10.0, timestamp = now.AddHours(-1) - HourTile - TimeSpan.FromSeconds(1) });

        Assert.Equal(1.0, await Clicks1hAsync(api, userId));
        Assert.Equal(11.0, (await LiveFeatureTests.ExtractAsync(api, userId)).GetProperty("features").GetProperty("clicks_24h").GetDouble());

        // A tile and a minute on, the first event is more than a tile past the window too.
        clock.Advance(HourTile + TimeSpan.FromMinutes(1));
        Assert.Equal(0.0, await Clicks1hAsync(api, userId));
    }

    [Fact]
    public async Task TheHourWindowCountsAtMostOneTileOfOlderEvents()
    {
        // Four minutes into a five-minute tile: the window's far edge (now − 1 h) lies four minutes into its tile too.
        var tileStart = DateTimeOffset.FromUnixTimeMilliseconds(
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / (long)HourTile.TotalMilliseconds * (long)HourTile.TotalMilliseconds);
        var clock = new FakeTimeProvider(tileStart + TimeSpan.FromMinutes(4));
        await using var host = new FeatureApiHost(store, time: clock);
        using var api = host.CreateClient();
        var userId = ApiFixture.NewUserId();
        var edgeTile = tileStart.AddHours(-1);

        using var _ = await LiveFeatureTests.PostEventsAsync(api,
            // 1 h 3 min 59 s old: outside the hour, inside the edge tile, so it counts (the documented bound).
            new { userId, stream = "clicks", value = 1.0, timestamp = edgeTile.AddSeconds(1) },
            // 1 h 4 min 1 s old: the tile before the edge tile, never counted.
            new { userId, stream = "clicks", value = 10.0, timestamp = edgeTile.AddSeconds(-1) },
            new { userId, stream = "clicks", value = 100.0, timestamp = clock.GetUtcNow().AddMinutes(-59) });

        Assert.Equal(101.0, await Clicks1hAsync(api, userId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ATileExpiresOnceItsWindowAndOneTileHavePassed(bool withEventIds)
    {
        await using var host = new FeatureApiHost(store);
        using var api = host.CreateClient();
        using var redis = await store.ConnectAsync();
        var database = redis.GetDatabase();
        var userId = ApiFixture.NewUserId();
        var sent = DateTimeOffset.UtcNow;

        // Later events into the same tiles (with ids, each its own script step) must not lose the expiry set by the first.
        foreach (var value in new[] { 5.0, -5.0, 2.0 })
        {
            using var accepted = await LiveFeatureTests.PostEventsAsync(api,
                new { userId, stream = "clicks", value, timestamp = sent, eventId = withEventIds ? $"e{value}" : null });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        // The five-minute tile leaves clicks_1h (its only reader) an hour and a tile after it starts; the hourly tile
        // leaves clicks_24h a day and an hour after it starts.
        await AssertExpiresAsync(database, userId, HourTile, TimeSpan.FromHours(1));
        await AssertExpiresAsync(database, userId, TimeSpan.FromHours(1), TimeSpan.FromHours(24));

        async Task AssertExpiresAsync(StackExchange.Redis.IDatabase db, long user, TimeSpan tile, TimeSpan window)
        {
            var tileMs = (long)tile.TotalMilliseconds;
            var index = sent.ToUnixTimeMilliseconds() / tileMs;
            var key = $"{FeatureKeys.User(user)}:clicks:{(long)tile.TotalSeconds}s:{index}:sum";
            var expected = DateTimeOffset.FromUnixTimeMilliseconds(index * tileMs) + window + tile;
            var left = await db.KeyTimeToLiveAsync(key);
            Assert.NotNull(left);
            // Within a few seconds: the request took some time between `sent` and the TTL read.
            Assert.InRange(left.Value, expected - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(5), expected - sent);
        }
    }

    [Fact]
    public async Task TheStoredFeatureCacheNeverHidesLiveAggregates()
    {
        await using var host = new FeatureApiHost(store, new Dictionary<string, string?> { ["FeatureServing:CacheTtl"] = "01:00:00" });
        using var api = host.CreateClient();
        var userId = ApiFixture.NewUserId();
        await api.SeedAsync(userId, new { last_7d_clicks = 7 });
        Assert.Equal(0.0, await Clicks1hAsync(api, userId));

        using var _ = await LiveFeatureTests.PostEventsAsync(api, new { userId, stream = "clicks", value = 4.0 });

        var features = (await LiveFeatureTests.ExtractAsync(api, userId)).GetProperty("features");
        Assert.Equal(4.0, features.GetProperty("clicks_1h").GetDouble());
        Assert.Equal(2.0, features.GetProperty("f_click_trend").GetDouble());
    }

    private static async Task<double> Clicks1hAsync(HttpClient api, long userId) =>
        (await LiveFeatureTests.ExtractAsync(api, userId)).GetProperty("features").GetProperty("clicks_1h").GetDouble();
}
