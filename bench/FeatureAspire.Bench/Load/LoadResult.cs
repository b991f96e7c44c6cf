using System.Diagnostics;
using HdrHistogram;

namespace FeatureAspire.Bench.Load;

/// <summary>The measured window of one load run: every latency in one histogram (nanoseconds) and the counts.</summary>
internal sealed class LoadResult
{
    public static readonly double[] ReportedPercentiles = [50, 90, 99, 99.9];

    public required LongHistogram Latency { get; init; }
    public required double Seconds { get; init; }
    public required long Requests { get; init; }
    public required long Errors { get; init; }
    public required long Degraded { get; init; }
    public required int Entities { get; init; }
    public long ResponseBytes { get; init; }

    /// <summary>Open loop only: the rate asked for, requests intended but never answered, and the pacer's lateness.</summary>
    public double? TargetRate { get; init; }
    public long Incomplete { get; init; }
    public double? PacerLagP99Ms { get; init; }

    public double RequestsPerSecond => Requests / Seconds;
    public double EntitiesPerSecond => RequestsPerSecond * Entities;
    public double BytesPerResponse => Requests == 0 ? 0 : (double)ResponseBytes / Requests;

    /// <summary>Open loop: the rate was held (within 3 %) and nothing was left unanswered.</summary>
    public bool Sustained => TargetRate is not { } rate || (RequestsPerSecond >= rate * 0.97 && Incomplete == 0);

    public double PercentileMs(double percentile) =>
        Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(percentile) / 1e6;

    public double MaxMs => Latency.TotalCount == 0 ? double.NaN : Latency.GetMaxValue() / 1e6;

    /// <summary>Several slices of one closed-loop scenario as one result.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> slices)
    {
        var latency = NewHistogram();
        foreach (var slice in slices)
        {
            latency.Add(slice.Latency);
        }
        return new LoadResult
        {
            Latency = latency,
            Seconds = slices.Sum(s => s.Seconds),
            Requests = slices.Sum(s => s.Requests),
            Errors = slices.Sum(s => s.Errors),
            Degraded = slices.Sum(s => s.Degraded),
            ResponseBytes = slices.Sum(s => s.ResponseBytes),
            Entities = slices[0].Entities,
        };
    }

    public static LongHistogram NewHistogram() => new(60L * 1_000_000_000, 3);

    public static long ToNanoseconds(long stopwatchTicks) => (long)(stopwatchTicks * (1e9 / Stopwatch.Frequency));
}
