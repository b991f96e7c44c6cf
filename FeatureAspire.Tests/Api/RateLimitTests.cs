using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>Token buckets per API key: a burst past the writes bucket gets 429 with Retry-After; other keys and reads go on.</summary>
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
}
