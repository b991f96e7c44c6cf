using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Client;

/// <summary>
/// The example client service, started by the AppHost with <c>Samples:Enabled=true</c>: it answers through featureapi,
/// and its request reaches the dashboard as one trace from its own span through the client into featureapi.
/// </summary>
public sealed class SampleRecommenderTests
{
    private const string Sample = "sample-recommender";

    [Fact]
    public async Task TheSampleScoresThroughFeatureApiAndItsTraceReachesTheDashboard()
    {
        var dashboardUrl = new Uri($"http://127.0.0.1:{FeatureApiCalls.FreeLoopbackPort()}");
        await using var app = await FeatureAspireApp.StartAsync("garnet", dashboardUrl, CancellationToken.None, "--Samples:Enabled=true");
        await app.ResourceNotifications.WaitForResourceHealthyAsync(Sample).WaitAsync(FeatureAspireApp.StartTimeout);
        var dashboardResource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "aspire-dashboard");
        using var dashboard = new HttpClient { BaseAddress = app.GetEndpoint(dashboardResource.Name, "http") };
        using var sample = app.CreateHttpClient(Sample);

        using var response = await sample.GetAsync("/recommend/101?price=80").WaitAsync(FeatureAspireApp.StartTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var recommendation = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(101, recommendation.GetProperty("userId").GetInt64());
        Assert.InRange(recommendation.GetProperty("score").GetDouble(), 0.0, 1.0);
        Assert.Equal(0.8, recommendation.GetProperty("features").GetProperty("f_normalized_value").GetDouble());

        var clientSpans = await DashboardTelemetryTests.EventuallyAsync(dashboard, $"/api/telemetry/spans?resource={Sample}",
            body => body.Contains("\"featureapi.extract\"", StringComparison.Ordinal));
        var call = Assert.Single(Spans(clientSpans), s => s.Name == "featureapi.extract");
        // The two processes export their spans in separate batches: wait until the lookup's chain of parents reaches
        // the sample's request span (whose own parent is the test's client, outside the dashboard).
        var trace = Spans(await DashboardTelemetryTests.EventuallyAsync(dashboard, $"/api/telemetry/traces/{call.TraceId}",
            body => Spans(body) is var spans && spans.FirstOrDefault(s => s.Name == "features.store.lookup") is { } found
                && Ancestors(spans, found).Any(s => s.Name == SampleRequestSpan)));

        // One tree: the sample's request span, the client's call, its HTTP request, featureapi's pipeline, the store.
        Assert.All(trace, span => Assert.Equal(call.TraceId, span.TraceId));
        var lookup = trace.First(s => s.Name == "features.store.lookup");
        var path = Ancestors(trace, lookup).Select(s => s.Name).ToList();
        Assert.Equal(SampleRequestSpan, path[^1]);
        Assert.Contains("featureapi.extract", path);
        Assert.Contains("features.extract", path);
        Assert.True(path.IndexOf("features.extract") < path.IndexOf("featureapi.extract"), string.Join(" <- ", path));
    }

    private const string SampleRequestSpan = "GET /recommend/{userId:long:min(1)}";

    private sealed record Span(string TraceId, string SpanId, string? ParentSpanId, string Name);

    /// <summary>The span itself, then its parent, up to the root.</summary>
    private static IEnumerable<Span> Ancestors(IReadOnlyList<Span> trace, Span span)
    {
        for (Span? current = span; current is not null; current = trace.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
        {
            yield return current;
        }
    }

    /// <summary>Every span of a dashboard answer (OTLP JSON: resourceSpans, scopeSpans, spans).</summary>
    private static List<Span> Spans(string body)
    {
        var spans = new List<Span>();
        Collect(JsonDocument.Parse(body).RootElement, spans);
        return spans;
    }

    private static void Collect(JsonElement element, List<Span> spans)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("spanId", out var spanId) && element.TryGetProperty("name", out var name))
            {
                spans.Add(new Span(element.GetProperty("traceId").GetString()!, spanId.GetString()!,
                    element.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null, name.GetString()!));
                return;
            }
            foreach (var property in element.EnumerateObject())
            {
                Collect(property.Value, spans);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, spans);
            }
        }
    }
}
