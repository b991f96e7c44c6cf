using FeatureAdmin.Probe;

namespace FeatureAdmin.Components.Charts;

/// <summary>The probe's charts as traces: percentiles and throughput over time, and the latency histogram.</summary>
public static class ProbeCharts
{
    public static readonly ChartLayout LatencyOverTimeLayout = new("elapsed (s)", "latency (ms)", "requests/s");

    public static IReadOnlyList<ChartTrace> LatencyOverTime(IReadOnlyList<ProbeInterval> intervals)
    {
        var x = intervals.Select(i => Math.Round(i.ElapsedSeconds, 2)).ToArray();
        return
        [
            new("p50", x, [.. intervals.Select(i => i.P50)], Colour: 0, Unit: "ms"),
            new("p90", x, [.. intervals.Select(i => i.P90)], Colour: 1, Unit: "ms"),
            new("p99", x, [.. intervals.Select(i => i.P99)], Colour: 2, Unit: "ms"),
            new("requests/s", x, [.. intervals.Select(i => Math.Round(i.RequestsPerSecond))], Colour: 3, SecondaryAxis: true, Dashed: true, Unit: "req/s"),
        ];
    }

    public static IReadOnlyList<ChartTrace> Histogram(ProbeResult result) =>
    [
        new("requests", [.. result.Histogram.Select(b => Math.Sqrt(b.FromMs * b.ToMs))], [.. result.Histogram.Select(b => (double)b.Count)],
            Type: "bar", Colour: 0, Unit: "requests"),
    ];

    public static ChartLayout HistogramLayout(ProbeResult result) => new("latency (ms, log scale)", "requests", LogX: true, Markers:
    [
        new(result.Latency.P50, "P50", 0),
        new(result.Latency.P90, "P90", 1),
        new(result.Latency.P99, "P99", 2),
    ]);
}
