using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>The benchmark's straightforward reference: absent unless asked for, and answering what the pipeline answers.</summary>
public sealed class StraightforwardReferenceTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    private static readonly Dictionary<string, string?> BenchmarksOn = new() { ["Benchmarks:Enabled"] = "true" };
    private readonly StoreServer store = garnet.Store;

    [Fact]
    public async Task TheStraightforwardEndpointsDoNotExistWithoutTheBenchmarkFlag()
    {
        await using var host = new FeatureApiHost(store);
        using var api = host.CreateClient();

        using var single = await api.PostAsJsonAsync("/bench/straightforward/extract", new { userId = 1, currentValue = 1.0 });
        using var batch = await api.PostAsJsonAsync("/bench/straightforward/extract/batch", new { requests = new[] { new { userId = 1, currentValue = 1.0 } } });

        Assert.Equal(HttpStatusCode.NotFound, single.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, batch.StatusCode);
    }

    [Fact]
    public async Task TheStraightforwardExtractAnswersWhatThePipelineAnswers()
    {
        await using var host = new FeatureApiHost(store, BenchmarksOn);
        using var api = host.CreateClient();
        var known = await SeedAsync(api);

        foreach (var userId in new[] { known, ApiFixture.NewUserId() })
        {
            var request = new { userId, currentValue = 12.5 };
            using var pipeline = await api.PostAsJsonAsync("/api/features/extract", request);
            using var straightforward = await api.PostAsJsonAsync("/bench/straightforward/extract", request);

            Assert.Equal(HttpStatusCode.OK, straightforward.StatusCode);
            AssertSameAnswer(await pipeline.Content.ReadFromJsonAsync<JsonElement>(), await straightforward.Content.ReadFromJsonAsync<JsonElement>());
        }
    }

    [Fact]
    public async Task TheStraightforwardBatchAnswersWhatThePipelineAnswersInOrder()
    {
        await using var host = new FeatureApiHost(store, BenchmarksOn);
        using var api = host.CreateClient();
        var known = await SeedAsync(api);
        var batch = new { requests = new[] { new { userId = known, currentValue = 12.5 }, new { userId = ApiFixture.NewUserId(), currentValue = 7.0 }, new { userId = known, currentValue = 1.0 } } };

        using var pipeline = await api.PostAsJsonAsync("/api/features/extract/batch", batch);
        using var straightforward = await api.PostAsJsonAsync("/bench/straightforward/extract/batch", batch);

        Assert.Equal(HttpStatusCode.OK, straightforward.StatusCode);
        var expected = (await pipeline.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        var actual = (await straightforward.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
        for (var i = 0; i < expected.GetArrayLength(); i++)
        {
            AssertSameAnswer(expected[i], actual[i]);
        }
    }

    [Fact]
    public async Task AStraightforwardRequestWithoutAUserIsABadRequest()
    {
        await using var host = new FeatureApiHost(store, BenchmarksOn);
        using var api = host.CreateClient();

        using var response = await api.PostAsJsonAsync("/bench/straightforward/extract/batch", new { requests = new[] { new { currentValue = 1.0 } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<long> SeedAsync(HttpClient api)
    {
        var userId = ApiFixture.NewUserId();
        await api.SeedAsync(userId, new { user_age = 41, last_7d_clicks = 3.5 });
        return userId;
    }

    private static void AssertSameAnswer(JsonElement expected, JsonElement actual)
    {
        Assert.Equal(expected.GetProperty("userId").GetInt64(), actual.GetProperty("userId").GetInt64());
        Assert.Equal(Values(expected, "features", v => v.GetDouble()), Values(actual, "features", v => v.GetDouble()));
        Assert.Equal(Values(expected, "status", v => v.GetString()), Values(actual, "status", v => v.GetString()));
        Assert.Equal(expected.GetProperty("degraded").GetBoolean(), actual.GetProperty("degraded").GetBoolean());
    }

    private static Dictionary<string, T> Values<T>(JsonElement answer, string property, Func<JsonElement, T> value) =>
        answer.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => value(p.Value));
}
