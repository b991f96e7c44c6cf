using FeatureAdmin.Components.Charts;
using FeatureAdmin.Probe;

namespace FeatureAspire.Tests.Admin;

public sealed class ProbeChartsTests
{
    private static readonly HistogramBucket[] Buckets =
        [new(1, 2, 10), new(2, 4, 20), new(4, 8, 5)];

    [Theory]
    [InlineData(1.0, -0.5)]
    [InlineData(2.0, 0.5)]
    [InlineData(2.8284271247461903, 1.0)] // the geometric middle of [2, 4)
    [InlineData(8.0, 2.5)]
    [InlineData(50.0, 2.5)]
    public void PercentileMarkersSitWhereTheirLatencyFallsOnTheBucketAxis(double ms, double expected)
    {
        Assert.Equal(expected, ProbeCharts.BucketPosition(Buckets, ms), 1e-9);
    }

    [Fact]
    public void LatencyOverTimeHasTheThreePercentilesAndThroughputOnTheSecondAxis()
    {
        var traces = ProbeCharts.LatencyOverTime([new ProbeInterval(0.25, 100, 400, 0.3, 0.6, 1.1)]);

        Assert.Equal(["p50", "p90", "p99", "requests/s"], traces.Select(t => t.Name));
        Assert.Equal([1.1], traces[2].Y);
        Assert.True(traces[3].SecondaryAxis);
    }
}
