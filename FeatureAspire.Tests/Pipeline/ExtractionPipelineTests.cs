using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureApi.Pipeline;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Pipeline;

/// <summary>
/// The pipeline's deadline arithmetic, and its lookups with and without tracing (a traced lookup records a span per
/// store command): both must answer the same.
/// </summary>
public sealed class ExtractionPipelineTests
{
    private static readonly Dictionary<string, string?> Untraced = new() { ["Telemetry:SamplingRatio"] = "0" };
    private static readonly Dictionary<string, string?> Traced = new() { ["Telemetry:SamplingRatio"] = "1" };

    [Theory]
    [InlineData(50, 10, 40)]
    [InlineData(1, 1, 0)]
    [InlineData(1, 2, 0)]
    // A deadline overrun by exactly 1 ms would be -1 ms: Task.WaitAsync's "wait forever".
    [InlineData(50, 51, 0)]
    [InlineData(50, 5_000, 0)]
    public void TheTimeLeftIsNeverNegative(int deadlineMs, int elapsedMs, int expectedMs)
    {
        var remaining = ExtractionPipeline.Remaining(TimeSpan.FromMilliseconds(deadlineMs), TimeSpan.FromMilliseconds(elapsedMs));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), remaining);
    }

    [RequiresRedisServerFact]
    public async Task ABatchOfAThousandWithAOneMillisecondDeadlineAnswersEveryUser()
    {
        await using var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store, new Dictionary<string, string?> { ["FeatureServing:BatchDeadline"] = "00:00:00.001" });
        using var api = host.CreateClient();

        var results = await ExtractBatchAsync(api, 1_000);

        // Whether the store made it within 1 ms depends on the machine; either way every user is answered, and an
        // answer is degraded exactly when one of its features is unavailable.
        Assert.Equal(1_000, results.GetArrayLength());
        foreach (var result in results.EnumerateArray())
        {
            var unavailable = result.GetProperty("status").EnumerateObject().Any(s => s.Value.GetString() == "unavailable");
            Assert.Equal(unavailable, result.GetProperty("degraded").GetBoolean());
        }
    }

    [RequiresRedisServerFact]
    public async Task ABatchOfAThousandWithAOneMillisecondDeadlineAndAStalledStoreAnswersDegraded()
    {
        await using var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store, new Dictionary<string, string?> { ["FeatureServing:BatchDeadline"] = "00:00:00.001" });
        using var api = host.CreateClient();
        await ExtractBatchAsync(api, 1); // connected and warm before the store stalls

        store.Freeze();
        JsonElement results;
        var watch = Stopwatch.StartNew();
        try
        {
            results = await ExtractBatchAsync(api, 1_000);
        }
        finally
        {
            watch.Stop();
            store.Thaw();
        }

        // The batch's own deadline applies, not the single extract's (5 s in these tests): a generous bound still
        // tells them apart on a busy machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"The stalled batch took {watch.Elapsed.TotalMilliseconds} ms.");
        Assert.Equal(1_000, results.GetArrayLength());
        Assert.All(results.EnumerateArray(), result =>
        {
            Assert.True(result.GetProperty("degraded").GetBoolean());
            Assert.Equal("unavailable", result.GetProperty("status").GetProperty("f_age_value_ratio").GetString());
        });
    }

    [SkippableTheory]
    [InlineData("redis")]
    [InlineData("garnet")]
    public async Task UntracedAndTracedExtractsAnswerTheSame(string kind)
    {
        Skip.If(StoreServer.Unavailable(kind) is not null, StoreServer.Unavailable(kind));
        await using var store = StoreServer.Start(kind);
        await using var untracedHost = new FeatureApiHost(store, Untraced);
        await using var tracedHost = new FeatureApiHost(store, Traced);
        using var untraced = untracedHost.CreateClient();
        using var traced = tracedHost.CreateClient();
        var userId = ApiFixture.NewUserId();
        await untraced.SeedAsync(userId, new { user_age = 41, last_7d_clicks = 3.5 });
        (await untraced.PostAsJsonAsync("/api/events", new { events = new[] { new { userId, stream = "clicks", value = 2.0 } } })).EnsureSuccessStatusCode();
        string[] features = ["user_age", "f_recency_score", "clicks_1h", "clicks_24h", "clicks_7d", "f_click_trend"];

        var untracedVector = await untraced.ExtractAsync(userId, features);
        var tracedVector = await traced.ExtractAsync(userId, features);

        Assert.Equal(41, untracedVector.GetProperty("features").GetProperty("user_age").GetDouble());
        Assert.Equal(2, untracedVector.GetProperty("features").GetProperty("clicks_1h").GetDouble());
        Assert.False(untracedVector.GetProperty("degraded").GetBoolean());
        Assert.Equal(tracedVector.GetProperty("features").ToString(), untracedVector.GetProperty("features").ToString());
        Assert.Equal(tracedVector.GetProperty("status").ToString(), untracedVector.GetProperty("status").ToString());
    }

    [RequiresRedisServerFact]
    public async Task AnUntracedExtractWithTheStoreStalledAnswersDegradedWithinItsDeadline()
    {
        await using var store = RedisServerProcess.Start();
        await using var host = new FeatureApiHost(store, new Dictionary<string, string?>(Untraced) { ["FeatureServing:Deadline"] = "00:00:00.050" });
        using var api = host.CreateClient();
        var userId = ApiFixture.NewUserId();
        await api.SeedAsync(userId, new { user_age = 44 });

        store.Freeze();
        JsonElement vector;
        try
        {
            vector = await api.ExtractAsync(userId, ["user_age", "clicks_1h", "f_normalized_value"]);
        }
        finally
        {
            store.Thaw();
        }

        Assert.True(vector.GetProperty("degraded").GetBoolean());
        Assert.Equal("unavailable", vector.GetProperty("status").GetProperty("user_age").GetString());
        Assert.Equal("unavailable", vector.GetProperty("status").GetProperty("clicks_1h").GetString());
        Assert.Equal("present", vector.GetProperty("status").GetProperty("f_normalized_value").GetString());
    }

    private static async Task<JsonElement> ExtractBatchAsync(HttpClient api, int users)
    {
        var first = ApiFixture.NewUserId();
        using var response = await api.PostAsJsonAsync("/api/features/extract/batch", new
        {
            requests = Enumerable.Range(0, users).Select(i => new { userId = first + i, currentValue = 1.0 }),
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
    }
}
