using FeatureAdmin.Probe;

namespace FeatureAspire.Tests.Admin;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void PercentilesOfUniformLatenciesMatchTheirRanks()
    {
        var recorder = new LatencyRecorder();
        for (var ms = 1; ms <= 1_000; ms++)
        {
            recorder.Record(TimeSpan.FromMilliseconds(ms));
        }

        var summary = LatencyRecorder.Summarize(recorder.TakeInterval());

        Assert.Equal(1_000, summary.Count);
        Assert.Equal(1, summary.Min, 0.01);
        Assert.Equal(500, summary.P50, 500 * 0.002);
        Assert.Equal(900, summary.P90, 900 * 0.002);
        Assert.Equal(990, summary.P99, 990 * 0.002);
        Assert.Equal(999, summary.P999, 999 * 0.002);
        Assert.Equal(1_000, summary.Max, 1_000 * 0.002);
        Assert.Equal(500.5, summary.Mean, 1.0);
    }

    [Fact]
    public void SubMillisecondLatenciesKeepMicrosecondResolution()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(TimeSpan.FromMicroseconds(120));
        recorder.Record(TimeSpan.FromMicroseconds(340));

        var summary = LatencyRecorder.Summarize(recorder.TakeInterval());

        Assert.Equal(0.120, summary.Min, 0.001);
        Assert.Equal(0.340, summary.Max, 0.001);
    }

    [Fact]
    public void IntervalsHoldOnlyWhatWasRecordedSinceTheLastOneButTotalHoldsAll()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(TimeSpan.FromMilliseconds(1));
        recorder.TakeInterval();
        recorder.Record(TimeSpan.FromMilliseconds(2));
        recorder.Record(TimeSpan.FromMilliseconds(3));

        var second = recorder.TakeInterval();

        Assert.Equal(2, second.TotalCount);
        Assert.Equal(3, recorder.Total.TotalCount);
    }

    [Fact]
    public void LatenciesBeyondTheRangeAreClampedNotThrown()
    {
        var recorder = new LatencyRecorder();
        recorder.Record(TimeSpan.FromMinutes(5));
        recorder.Record(TimeSpan.Zero);

        var summary = LatencyRecorder.Summarize(recorder.TakeInterval());

        Assert.Equal(2, summary.Count);
        Assert.Equal(60_000, summary.Max, 60.0);
    }

    [Fact]
    public void HistogramBucketsCountEveryRequestOnceAndSpanMinToMax()
    {
        var recorder = new LatencyRecorder();
        var random = new Random(7);
        recorder.Record(TimeSpan.FromMicroseconds(100));
        recorder.Record(TimeSpan.FromMilliseconds(20));
        for (var i = 0; i < 4_998; i++)
        {
            recorder.Record(TimeSpan.FromMicroseconds(100 + random.Next(19_900)));
        }
        var interval = recorder.TakeInterval();

        var buckets = LatencyRecorder.Buckets(interval, bucketCount: 30);

        Assert.Equal(30, buckets.Count);
        Assert.Equal(5_000, buckets.Sum(b => b.Count));
        Assert.True(buckets[0].FromMs <= 0.101, $"first bucket starts at {buckets[0].FromMs}");
        Assert.True(buckets[^1].ToMs >= 20.0, $"last bucket ends at {buckets[^1].ToMs}");
        Assert.All(buckets.Zip(buckets.Skip(1)), pair => Assert.Equal(pair.First.ToMs, pair.Second.FromMs, 1e-9));
    }

    [Fact]
    public void AnEmptyHistogramSummarizesToZeroes()
    {
        var recorder = new LatencyRecorder();

        Assert.Equal(LatencySummary.Empty, LatencyRecorder.Summarize(recorder.TakeInterval()));
        Assert.Empty(LatencyRecorder.Buckets(recorder.Total));
    }
}
