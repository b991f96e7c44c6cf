using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Client;

/// <summary>A call through the client is one trace: the client's span, the HTTP request, and FeatureApi's spans under it.</summary>
public sealed class FeatureApiClientTracingTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public async Task AnExtractIsOneTraceFromTheClientSpanIntoFeatureApi()
    {
        var stopped = new ConcurrentBag<Activity>();
        // FeatureAspire.Features: FeatureApi's own spans.
        using var listener = Listen(stopped, FeatureApiClient.ActivitySourceName, "FeatureAspire.Features");
        await using var api = new FeatureApiHost(garnet.Store);
        var client = new FeatureApiClient(api.CreateClient());

        // A trace of the test's own: other tests in the process make client spans too.
        var traceId = await InOwnTraceAsync(() => client.ExtractAsync(ApiFixture.NewUserId(), 1.0));

        var call = Assert.Single(stopped, a => a.OperationName == "featureapi.extract" && a.TraceId == traceId);
        var served = Assert.Single(stopped, a => a.OperationName == "features.extract" && a.TraceId == call.TraceId);
        Assert.Equal(1, call.GetTagItem("featureapi.users"));
        Assert.Equal(0, call.GetTagItem("featureapi.degraded"));
        Assert.True(served.StartTimeUtc >= call.StartTimeUtc);
    }

    [Fact]
    public async Task ARefusedCallMarksItsSpanAsAnError()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = Listen(stopped, FeatureApiClient.ActivitySourceName);
        await using var api = new FeatureApiHost(garnet.Store);
        var client = new FeatureApiClient(api.CreateClient());

        var traceId = await InOwnTraceAsync(() => Assert.ThrowsAsync<FeatureApiException>(() => client.ExtractBatchAsync([new(-1, 1.0)])));

        var call = Assert.Single(stopped, a => a.OperationName == "featureapi.extract_batch" && a.TraceId == traceId);
        Assert.Equal(ActivityStatusCode.Error, call.Status);
        Assert.Equal(400, call.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task AnEntityCallTagsItsSpanWithTheEntityAndHowManyInstances()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = Listen(stopped, FeatureApiClient.ActivitySourceName);
        using var stub = new StubFeatureApi(HttpStatusCode.OK, """{"written":2}""", "application/json");
        var client = new FeatureApiClient(stub.CreateClient());
        var features = new Dictionary<string, double> { ["item_price"] = 1 };

        var traceId = await InOwnTraceAsync(() => client.UpsertEntitiesAsync("item", [new("sku-1", features), new("sku-2", features)]));

        var call = Assert.Single(stopped, a => a.OperationName == "featureapi.upsert_entities" && a.TraceId == traceId);
        Assert.Equal(("item", 2), (call.GetTagItem("featureapi.entity"), call.GetTagItem("featureapi.instances")));
    }

    [Fact]
    public async Task ACandidatesCallTagsItsSpanWithTheCandidatesAndHowManyRowsAreDegraded()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = Listen(stopped, FeatureApiClient.ActivitySourceName);
        using var stub = new StubFeatureApi(HttpStatusCode.OK, """
            {"entities":{"user":1},"registryVersion":2,"degraded":true,"rows":[
              {"key":"sku-1","features":{"item_price":10},"status":{"item_price":"unavailable"}},
              {"key":"sku-2","features":{"item_price":12},"status":{"item_price":"present"}}]}
            """, "application/json");
        var client = new FeatureApiClient(stub.CreateClient());

        var traceId = await InOwnTraceAsync(() => client.ExtractCandidatesAsync(new Dictionary<string, EntityKey> { ["user"] = 1 }, "item", ["sku-1", "sku-2"]));

        var call = Assert.Single(stopped, a => a.OperationName == "featureapi.extract_candidates" && a.TraceId == traceId);
        Assert.Equal(("item", 2, 1), (call.GetTagItem("featureapi.entity"), call.GetTagItem("featureapi.candidates"), call.GetTagItem("featureapi.degraded")));
    }

    /// <summary>Records every span of <paramref name="sources"/> in <paramref name="stopped"/> as it ends, until disposed.</summary>
    private static ActivityListener Listen(ConcurrentBag<Activity> stopped, params string[] sources)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static async Task<ActivityTraceId> InOwnTraceAsync(Func<Task> call)
    {
        using var test = new Activity("test").Start();
        await call();
        return test.TraceId;
    }
}
