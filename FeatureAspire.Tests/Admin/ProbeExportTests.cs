using System.Text.Json;
using FeatureAdmin.Probe;

namespace FeatureAspire.Tests.Admin;

public sealed class ProbeExportTests
{
    [Fact]
    public void CsvHasTheSummaryAsMetricValueRowsThenTheIntervals()
    {
        var lines = ProbeExport.ToCsv(ProbeResults.Sample()).Split('\n');

        Assert.Equal("metric,value", lines[0]);
        Assert.Contains("count,998", lines);
        Assert.Contains("errors,2", lines);
        Assert.Contains("requests_per_s,499", lines);
        Assert.Contains("latency_p99_ms,1.25", lines);
        Assert.Contains("latency_p99.9_ms,3.5", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("server_", StringComparison.Ordinal));
        var intervals = Array.IndexOf(lines, "elapsed_s,requests,requests_per_s,p50_ms,p90_ms,p99_ms");
        Assert.True(intervals > 0);
        Assert.Equal("0.25,120,480,0.3,0.6,1.1", lines[intervals + 1]);
    }

    [Fact]
    public void CsvQuotesValuesContainingCommas()
    {
        var csv = ProbeExport.ToCsv(ProbeResults.Sample());

        // The settings description contains commas, so it must be one quoted field.
        Assert.Contains("settings,\"single, 1,000 req, c=8, open loop 500/s, direct\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvIncludesServerTimeWhenReported()
    {
        var csv = ProbeExport.ToCsv(ProbeResults.Sample(new LatencySummary(998, 0.05, 0.1, 0.08, 0.12, 0.3, 0.5, 0.9)));

        Assert.Contains("server_p99_ms,0.3", csv.Split('\n'));
    }

    [Fact]
    public void JsonRoundTripsTheRunWithEnumsAsNames()
    {
        var json = ProbeExport.ToJson(ProbeResults.Sample());

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(998, root.GetProperty("count").GetInt64());
        Assert.Equal("Single", root.GetProperty("settings").GetProperty("mode").GetString());
        Assert.Equal(1.25, root.GetProperty("latency").GetProperty("p99").GetDouble());
        Assert.Equal(2, root.GetProperty("intervals").GetArrayLength());
        Assert.Equal(499, root.GetProperty("requestsPerSecond").GetDouble());
    }
}
