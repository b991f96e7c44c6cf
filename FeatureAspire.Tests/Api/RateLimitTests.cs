using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>
/// Token buckets per API key that charge work: a token per user read or written, per event and per new event id; a
/// burst past a bucket gets 429 with Retry-After, a request larger than the bucket 413; other keys and reads go on.
/// </summary>
public sealed class RateLimitTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public async Task ABurstOfWritesPastTheBucketIsRefusedWithRetryAfterForThatKeyOnly()
    {
        // One token a minute after a burst of three: the fourth write of the burst cannot have a token.
        await using var host = new FeatureApiHost(garnet.Store, new Dictionary<string, string?>
        {
            ["RateLimits:Writes:Permits"] = "1",
            ["RateLimits:Writes:Period"] = "00:01:00",
            ["RateLimits:Writes:Burst"] = "3",
        });
        using var test = host.CreateClient();
        using var writer = host.CreateClient(FeatureApiHost.WriterKey);
        var userId = ApiFixture.NewUserId();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 5 && refused is null; i++)
        {
            var response = await test.PutAsJsonAsync($"/api/users/{userId}/features", new { user_age = 20 + i });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.TooManyRequests], statuses);
        ProblemAssertions.AssertProblem(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After is missing.");
        // Another key has its own bucket; reads are unlimited by default.
        using var otherKey = await writer.PutAsJsonAsync($"/api/users/{userId}/features", new { user_age = 50 });
        Assert.Equal(HttpStatusCode.NoContent, otherKey.StatusCode);
        for (var i = 0; i < 20; i++)
        {
            var vector = await test.ExtractAsync(userId, ["user_age"]);
            Assert.Equal(50, vector.GetProperty("features").GetProperty("user_age").GetDouble());
        }
        refused.Dispose();
    }

    [Fact]
    public async Task ReadsCanBeLimitedToo()
    {
        await using var host = new FeatureApiHost(garnet.Store, new Dictionary<string, string?>
        {
            ["RateLimits:Reads:Permits"] = "1",
            ["RateLimits:Reads:Period"] = "00:01:00",
            ["RateLimits:Reads:Burst"] = "2",
        });
        using var api = host.CreateClient();
        var request = new { userId = 1, currentValue = 1.0 };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await api.PostAsJsonAsync("/api/features/extract", request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task EventsAreChargedOneTokenPerEventAndARefusedRequestTakesNone()
    {
        await using var host = new FeatureApiHost(garnet.Store, OneBucket("Events", burst: 10));
        using var api = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var count in new[] { 6, 6, 4 })
        {
            using var response = await api.PostAsJsonAsync("/api/events", Events(count, withIds: false));
            statuses.Add(response.StatusCode);
        }

        // Six of ten, then six more than the four left (refused whole, taking nothing), then exactly the four left.
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.Accepted], statuses);
    }

    [Fact]
    public async Task ABatchExtractIsChargedOneTokenPerUser()
    {
        await using var host = new FeatureApiHost(garnet.Store, OneBucket("Reads", burst: 10));
        using var api = host.CreateClient();

        using var first = await api.PostAsJsonAsync("/api/features/extract/batch", Batch(6));
        using var second = await api.PostAsJsonAsync("/api/features/extract/batch", Batch(6));
        using var third = await api.PostAsJsonAsync("/api/features/extract/batch", Batch(4));
        using var fourth = await api.PostAsJsonAsync("/api/features/extract", new { userId = 1, currentValue = 1.0 });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        ProblemAssertions.AssertProblem(second, HttpStatusCode.TooManyRequests, "with 4 of 10 tokens left");
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        ProblemAssertions.AssertProblem(fourth, HttpStatusCode.TooManyRequests, "with no token left");
    }

    [Fact]
    public async Task EventIdsHaveAQuotaOfTheirOwnThatEventsWithoutIdsDoNotTouch()
    {
        await using var host = new FeatureApiHost(garnet.Store, new Dictionary<string, string?>
        {
            ["RateLimits:EventIds:Permits"] = "2",
            ["RateLimits:EventIds:Period"] = "1.00:00:00",
            ["RateLimits:EventIds:Burst"] = "2",
        });
        using var api = host.CreateClient();

        using var withinQuota = await api.PostAsJsonAsync("/api/events", Events(2, withIds: true));
        using var pastQuota = await api.PostAsJsonAsync("/api/events", Events(1, withIds: true));
        using var withoutIds = await api.PostAsJsonAsync("/api/events", Events(50, withIds: false));

        Assert.Equal(HttpStatusCode.Accepted, withinQuota.StatusCode);
        ProblemAssertions.AssertProblem(pastQuota, HttpStatusCode.TooManyRequests, "past the id quota");
        Assert.Contains("RateLimits:EventIds", (await pastQuota.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(pastQuota.Headers.RetryAfter?.Delta > TimeSpan.FromHours(1), "A day's quota is refilled in a day, not a second.");
        Assert.Equal(HttpStatusCode.Accepted, withoutIds.StatusCode);
    }

    [Fact]
    public async Task ARequestLargerThanTheBucketCanEverHoldIsRefusedAsTooLarge()
    {
        await using var host = new FeatureApiHost(garnet.Store, OneBucket("Writes", burst: 3));
        using var api = host.CreateClient();

        using var response = await api.PutAsJsonAsync("/api/users/features", new
        {
            users = Enumerable.Range(0, 4).Select(_ => new { userId = ApiFixture.NewUserId(), features = new { user_age = 30 } }),
        });

        ProblemAssertions.AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "with four users against a burst of three");
        Assert.Contains("RateLimits:Writes:Burst", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidRequestIsNotCharged()
    {
        await using var host = new FeatureApiHost(garnet.Store, OneBucket("Writes", burst: 2));
        using var api = host.CreateClient();
        object Users(double age) => new
        {
            users = Enumerable.Range(0, 2).Select(_ => new { userId = ApiFixture.NewUserId(), features = new { user_age = age } }),
        };

        for (var i = 0; i < 3; i++)
        {
            using var invalid = await api.PutAsJsonAsync("/api/users/features", Users(30.5));
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }
        using var valid = await api.PutAsJsonAsync("/api/users/features", Users(30));

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
    }

    /// <summary>A bucket of <paramref name="burst"/> tokens that refills one a minute: within a test, what it holds is all there is.</summary>
    private static Dictionary<string, string?> OneBucket(string bucket, int burst) => new()
    {
        [$"RateLimits:{bucket}:Permits"] = "1",
        [$"RateLimits:{bucket}:Period"] = "00:01:00",
        [$"RateLimits:{bucket}:Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static object Events(int count, bool withIds)
    {
        var userId = ApiFixture.NewUserId();
        return new { events = Enumerable.Range(0, count).Select(i => new { userId, stream = "clicks", eventId = withIds ? $"e-{userId}-{i}" : null }) };
    }

    private static object Batch(int count) =>
        new { requests = Enumerable.Range(1, count).Select(i => new { userId = i, currentValue = 1.0 }) };
}
