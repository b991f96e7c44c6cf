using FeatureAdmin.Components.Shared;
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
        new("requests", [.. result.Histogram.Select((_, i) => (double)i)], [.. result.Histogram.Select(b => (double)b.Count)],
            Type: "bar", Colour: 0, Unit: "requests"),
    ];

    public static ChartLayout HistogramLayout(ProbeResult result) => new("latency (ms, log-spaced buckets)", "requests",
        XTickLabels: [.. result.Histogram.Select(b => Format.Milliseconds(b.FromMs))],
        Markers:
        [
            new(BucketPosition(result.Histogram, result.Latency.P50), "P50", 0),
            new(BucketPosition(result.Histogram, result.Latency.P90), "P90", 1),
            new(BucketPosition(result.Histogram, result.Latency.P99), "P99", 2),
        ]);

    /// <summary>Where a latency falls on the bucket axis: bucket index plus the log-scale fraction into that bucket.</summary>
    public static double BucketPosition(IReadOnlyList<HistogramBucket> buckets, double ms)
    {
        for (var i = 0; i < buckets.Count; i++)
        {
            var bucket = buckets[i];
            if (ms < bucket.ToMs || i == buckets.Count - 1)
            {
                var fraction = Math.Log(Math.Max(ms, bucket.FromMs) / bucket.FromMs) / Math.Log(bucket.ToMs / bucket.FromMs);
                // Bars are centred on their index, so a bucket spans index - 0.5 to index + 0.5.
                return i - 0.5 + Math.Clamp(fraction, 0, 1);
            }
        }
        return 0;
    }
}
