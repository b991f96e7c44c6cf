using Bunit;
using FeatureAdmin.Components.Probe;
using FeatureAdmin.Probe;

namespace FeatureAspire.Tests.Admin;

public sealed class ProbeResultTableTests : BunitContext
{
    [Fact]
    public void ShowsOneColumnPerRunWithItsPercentiles()
    {
        var first = ProbeResults.Sample();
        var second = first with { Id = Guid.NewGuid(), Latency = first.Latency with { P99 = 0.875 } };

        var table = Render<ProbeResultTable>(parameters => parameters.Add(p => p.Runs, [first, second]));

        var p99 = table.FindAll("td[data-metric=p99]").Select(td => td.TextContent).ToList();
        Assert.Equal(["1.25", "0.875"], p99);
        Assert.Equal("998", table.Find("td[data-metric=count]").TextContent);
        Assert.Equal("3.50", table.Find("td[data-metric=p999]").TextContent);
    }

    [Fact]
    public void SaysServerTimeIsNotReportedWhenTheApiSentNone()
    {
        var table = Render<ProbeResultTable>(parameters => parameters.Add(p => p.Runs, [ProbeResults.Sample()]));

        Assert.Equal("not reported", table.Find("td[data-metric=server-p99]").TextContent);
    }

    [Fact]
    public void ShowsServerPercentilesWhenReported()
    {
        var run = ProbeResults.Sample(new LatencySummary(998, 0.05, 0.1, 0.08, 0.12, 0.3, 0.5, 0.9));

        var table = Render<ProbeResultTable>(parameters => parameters.Add(p => p.Runs, [run]));

        Assert.Equal("0.080", table.Find("td[data-metric=server-p50]").TextContent);
    }
}
