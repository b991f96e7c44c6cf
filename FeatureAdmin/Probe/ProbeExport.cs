using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FeatureAdmin.Probe;

/// <summary>A run as a file: JSON with everything, or CSV with the summary as <c>metric,value</c> rows and the intervals after it.</summary>
public static class ProbeExport
{
    public static string ToJson(ProbeResult result) => JsonSerializer.Serialize(result, ProbeJsonContext.Default.ProbeResult);

    public static string ToCsv(ProbeResult result)
    {
        var csv = new StringBuilder();
        void Row(string metric, object? value) =>
            csv.Append(metric).Append(',').Append(Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append('\n');

        Row("metric", "value");
        Row("id", result.Id);
        Row("started_at", result.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        Row("settings", result.Settings.Describe());
        Row("cancelled", result.Cancelled);
        Row("elapsed_s", result.ElapsedSeconds);
        Row("count", result.Count);
        Row("errors", result.Errors);
        Row("degraded", result.Degraded);
        Row("requests_per_s", result.RequestsPerSecond);
        Row("users_per_s", result.UsersPerSecond);
        WriteSummary(Row, "latency", result.Latency);
        if (result.ServerTime is { } server)
        {
            WriteSummary(Row, "server", server);
        }

        csv.Append('\n').Append("elapsed_s,requests,requests_per_s,p50_ms,p90_ms,p99_ms\n");
        foreach (var i in result.Intervals)
        {
            csv.Append(string.Join(',', new[] { i.ElapsedSeconds, i.Requests, i.RequestsPerSecond, i.P50, i.P90, i.P99 }
                .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Append('\n');
        }
        return csv.ToString();
    }

    private static void WriteSummary(Action<string, object?> row, string prefix, LatencySummary summary)
    {
        row($"{prefix}_min_ms", summary.Min);
        row($"{prefix}_mean_ms", summary.Mean);
        row($"{prefix}_p50_ms", summary.P50);
        row($"{prefix}_p90_ms", summary.P90);
        row($"{prefix}_p99_ms", summary.P99);
        row($"{prefix}_p99.9_ms", summary.P999);
        row($"{prefix}_max_ms", summary.Max);
    }

    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
