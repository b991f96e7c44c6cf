using System.Diagnostics;
using System.Net.Http.Json;
using FeatureApi.Diagnostics;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FeatureAspire.Tests.Telemetry;

/// <summary>
/// Telemetry listeners are process-wide: these tests run alone so no other test's spans or measurements mix in.
/// </summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>The span tree and the metrics of extract requests, captured with in-memory exporters.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class FeatureTelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> spans = [];
    private readonly List<Metric> metrics = [];
    private RedisServerProcess? store;
    private FeatureApiHost host = null!;
    private HttpClient api = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    private void Start(string? deadline = null)
    {
        Skip.If(StoreServer.Unavailable("redis") is not null, StoreServer.Unavailable("redis"));
        store = RedisServerProcess.Start();
        var settings = deadline is null ? null : new Dictionary<string, string?> { ["FeatureServing:Deadline"] = deadline };
        host = new FeatureApiHost(store, settings, configureServices: services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(spans))
            .WithMetrics(meters => meters.AddInMemoryExporter(metrics)));
        api = host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        api?.Dispose();
        if (store is not null)
        {
            await host.DisposeAsync();
            await store.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task AnExtractIsOneTraceFromTheHttpSpanThroughLookupAndCompute()
    {
        Start();

        (await api.PostAsJsonAsync("/api/features/extract", new { userId = 5, currentValue = 1.0 })).EnsureSuccessStatusCode();
        Flush();

        var extract = Assert.Single(spans, s => s.OperationName == "features.extract");
        var server = Assert.Single(spans, s => s.SpanId == extract.ParentSpanId);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal(1, extract.GetTagItem("features.rows"));
        Assert.Equal(3, extract.GetTagItem("features.count"));
        Assert.Equal(false, extract.GetTagItem("features.degraded"));
        var children = spans.Where(s => s.ParentSpanId == extract.SpanId).Select(s => s.OperationName).ToList();
        Assert.Equal(["features.compute", "features.store.lookup"], children.Order());
        var lookup = spans.Single(s => s.OperationName == "features.store.lookup");
        // Aspire's Redis instrumentation builds command spans from profiling sessions it drains every 10 s.
        for (var wait = 0; wait < 75 && !spans.Any(s => s.ParentSpanId == lookup.SpanId); wait++)
        {
            await Task.Delay(200);
            Flush();
        }
        var command = Assert.Single(spans, s => s.ParentSpanId == lookup.SpanId);
        Assert.Equal("HMGET", command.DisplayName);
    }

    [SkippableFact]
    public async Task TheServerSpanNamesTheCallersKeyButNeverCarriesTheKey()
    {
        Start();

        (await api.PostAsJsonAsync("/api/features/extract", new { userId = 5, currentValue = 1.0 })).EnsureSuccessStatusCode();
        Flush();

        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal("test", server.GetTagItem("featureapi.api_key.name"));
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), tag => tag.Value?.ToString()?.Contains(FeatureApiHost.TestKey, StringComparison.Ordinal) == true);
    }

    [SkippableFact]
    public async Task ABatchHasOneLookupSpanForTheWholeExchange()
    {
        Start();

        (await api.PostAsJsonAsync("/api/features/extract/batch", new
        {
            requests = Enumerable.Range(1, 50).Select(i => new { userId = i, currentValue = 1.0 }),
        })).EnsureSuccessStatusCode();
        Flush();

        var extract = Assert.Single(spans, s => s.OperationName == "features.extract");
        Assert.Equal(50, extract.GetTagItem("features.rows"));
        Assert.Single(spans, s => s.OperationName == "features.store.lookup");
    }

    [SkippableFact]
    public async Task MetricsRecordDurationsBatchSizesAndStatusesWithTheirUnitsAndTags()
    {
        Start();

        (await api.PostAsJsonAsync("/api/features/extract", new { userId = 5, currentValue = 1.0 })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/features/extract/batch", new
        {
            requests = Enumerable.Range(1, 10).Select(i => new { userId = i, currentValue = 1.0 }),
        })).EnsureSuccessStatusCode();
        Flush();

        var duration = Metric("features.request.duration");
        Assert.Equal("s", duration.Unit);
        Assert.Equal(["batch", "single"], Points(duration).Select(p => Tag(p, "operation")).Distinct().Order());
        Assert.All(Points(duration), p => Assert.Equal(false, Tag(p, "degraded")));
        // Sub-millisecond buckets: the first bound is far below the OpenTelemetry default of 5 ms.
        Assert.Equal(FeatureTelemetry.LatencyBucketsSeconds[0], Points(duration).First().GetHistogramBuckets().GetEnumerator() is var buckets && buckets.MoveNext() ? buckets.Current.ExplicitBound : double.NaN);

        Assert.Equal("s", Metric("features.store.lookup.duration").Unit);
        var batchSize = Metric("features.batch.size");
        Assert.Equal(11, Points(batchSize).Sum(p => p.GetHistogramSum()));

        var statuses = Metric("features.status");
        // 11 users × 3 features; unknown users: f_normalized_value present, the two stored-based ones default.
        Assert.Equal(11, Points(statuses).Where(p => Equals(Tag(p, "status"), "present")).Sum(p => p.GetSumLong()));
        Assert.Equal(22, Points(statuses).Where(p => Equals(Tag(p, "status"), "default")).Sum(p => p.GetSumLong()));
    }

    [SkippableFact]
    public async Task ADegradedExtractIsTaggedAndCountedAsUnavailable()
    {
        Start(deadline: "00:00:00.050");
        store!.Freeze();
        try
        {
            (await api.PostAsJsonAsync("/api/features/extract", new { userId = 5, currentValue = 1.0 })).EnsureSuccessStatusCode();
        }
        finally
        {
            store.Thaw();
        }
        Flush();

        var extract = Assert.Single(spans, s => s.OperationName == "features.extract");
        Assert.Equal(true, extract.GetTagItem("features.degraded"));
        Assert.Equal(ActivityStatusCode.Error, spans.Single(s => s.OperationName == "features.store.lookup").Status);
        Assert.Contains(Points(Metric("features.request.duration")), p => Equals(Tag(p, "degraded"), true));
        Assert.Equal(2, Points(Metric("features.status")).Where(p => Equals(Tag(p, "status"), "unavailable")).Sum(p => p.GetSumLong()));
    }

    private void Flush()
    {
        // The server span ends after the response is written; give it a moment before flushing.
        Thread.Sleep(100);
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    private Metric Metric(string name) => metrics.Last(m => m.Name == name);

    private static List<MetricPoint> Points(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }
        return points;
    }

    private static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }
        return null;
    }
}
