using System.Collections.Concurrent;
using System.Diagnostics;
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
        using var listener = new ActivityListener
        {
            // FeatureAspire.Features: FeatureApi's own spans.
            ShouldListenTo = source => source.Name is FeatureApiClient.ActivitySourceName or "FeatureAspire.Features",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
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
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FeatureApiClient.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var api = new FeatureApiHost(garnet.Store);
        var client = new FeatureApiClient(api.CreateClient());

        var traceId = await InOwnTraceAsync(() => Assert.ThrowsAsync<FeatureApiException>(() => client.ExtractBatchAsync([new(-1, 1.0)])));

        var call = Assert.Single(stopped, a => a.OperationName == "featureapi.extract_batch" && a.TraceId == traceId);
        Assert.Equal(ActivityStatusCode.Error, call.Status);
        Assert.Equal(400, call.GetTagItem("http.response.status_code"));
    }

    private static async Task<ActivityTraceId> InOwnTraceAsync(Func<Task> call)
    {
        using var test = new Activity("test").Start();
        await call();
        return test.TraceId;
    }
}
