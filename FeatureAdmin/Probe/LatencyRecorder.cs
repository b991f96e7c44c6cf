using HdrHistogram;

namespace FeatureAdmin.Probe;

/// <summary>
/// Thread-safe latency recording in microseconds with HdrHistogram (3 significant digits, up to 60 s), read in
/// intervals for the live chart and accumulated for the run's totals. The recorder's histograms are the concurrent
/// kind because every probe worker records into them at once; a plain LongHistogram would lose counts.
/// </summary>
public sealed class LatencyRecorder
{
    public const long HighestMicroseconds = 60_000_000;
    private const int SignificantDigits = 3;

    private readonly Recorder recorder = new(1, HighestMicroseconds, SignificantDigits,
        (id, lowest, highest, digits) => new LongConcurrentHistogram(id, lowest, highest, digits));
    private HistogramBase? interval;

    /// <summary>Everything read so far through <see cref="TakeInterval"/>.</summary>
    public HistogramBase Total { get; } = new LongHistogram(1, HighestMicroseconds, SignificantDigits);

    public void Record(TimeSpan latency) =>
        recorder.RecordValue(Math.Clamp((long)Math.Round(latency.TotalMicroseconds), 1, HighestMicroseconds));

    /// <summary>What was recorded since the previous call; also added to <see cref="Total"/>. Call from one thread.</summary>
    public HistogramBase TakeInterval()
    {
        interval = recorder.GetIntervalHistogram(interval);
        Total.Add(interval);
        return interval;
    }

    public static LatencySummary Summarize(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return LatencySummary.Empty;
        }
        var min = LowestRecorded(histogram);
        return new LatencySummary(
            histogram.TotalCount,
            Ms(min),
            histogram.GetMean() / 1_000.0,
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetValueAtPercentile(99.9)),
            Ms(histogram.GetMaxValue()));
    }

    /// <summary>
    /// Log-spaced buckets between the smallest and largest value, so sub-millisecond bodies and long tails share one chart.
    /// </summary>
    public static IReadOnlyList<HistogramBucket> Buckets(HistogramBase histogram, int bucketCount = 40)
    {
        if (histogram.TotalCount == 0)
        {
            return [];
        }
        // HdrHistogram's iterator reuses one value object, so read each step as it comes instead of collecting them.
        var low = Math.Max(1, LowestRecorded(histogram));
        var high = Math.Max(low + 1, histogram.GetMaxValue());
        var ratio = Math.Log((double)high / low);
        var counts = new long[bucketCount];
        foreach (var value in histogram.RecordedValues())
        {
            var position = Math.Log((double)Math.Max(low, value.ValueIteratedTo) / low) / ratio;
            counts[Math.Clamp((int)(position * bucketCount), 0, bucketCount - 1)] += value.CountAtValueIteratedTo;
        }
        return [.. counts.Select((count, i) => new HistogramBucket(
            Ms(low * Math.Pow(high / (double)low, i / (double)bucketCount)),
            Ms(low * Math.Pow(high / (double)low, (i + 1) / (double)bucketCount)),
            count))];
    }

    private static long LowestRecorded(HistogramBase histogram)
    {
        foreach (var value in histogram.RecordedValues())
        {
            return histogram.LowestEquivalentValue(value.ValueIteratedTo);
        }
        return 0;
    }

    private static double Ms(double microseconds) => microseconds / 1_000.0;
}
