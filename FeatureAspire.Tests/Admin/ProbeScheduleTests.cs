using System.Diagnostics;
using FeatureAdmin.Probe;

namespace FeatureAspire.Tests.Admin;

public sealed class ProbeScheduleTests
{
    [Fact]
    public void OpenLoopRequestIsDueAtItsIndexOverTheRate()
    {
        var schedule = new ProbeSchedule(RatePerSecond: 200);

        Assert.Equal(TimeSpan.Zero, schedule.DueOffset(0));
        Assert.Equal(5.0, schedule.DueOffset(1).TotalMilliseconds, 0.001);
        Assert.Equal(1_000.0, schedule.DueOffset(200).TotalMilliseconds, 0.001);
    }

    [Fact]
    public void ClosedLoopRequestsAreAllDueImmediately()
    {
        var schedule = new ProbeSchedule(RatePerSecond: null);

        Assert.False(schedule.IsOpenLoop);
        Assert.Equal(0, schedule.DueTicks(1_000_000, Stopwatch.Frequency));
        Assert.True(schedule.IsDueWithin(1_000_000, TimeSpan.FromMilliseconds(1)));
        Assert.Null(schedule.ExpectedCount(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void OpenLoopDurationBoundsTheNumberOfRequests()
    {
        var schedule = new ProbeSchedule(RatePerSecond: 100);
        var duration = TimeSpan.FromSeconds(2);

        Assert.Equal(200, schedule.ExpectedCount(duration));
        Assert.True(schedule.IsDueWithin(199, duration));
        Assert.False(schedule.IsDueWithin(200, duration));
    }

    [Fact]
    public void ZeroRateMeansClosedLoop()
    {
        var schedule = new ProbeSchedule(RatePerSecond: 0);

        Assert.False(schedule.IsOpenLoop);
        Assert.Equal(0, schedule.DueTicks(10, Stopwatch.Frequency));
    }

    [Fact]
    public void DueTicksAreTicksOfTheGivenClock()
    {
        var schedule = new ProbeSchedule(RatePerSecond: 1);

        Assert.Equal(Stopwatch.Frequency * 3, schedule.DueTicks(3, Stopwatch.Frequency));
        Assert.Equal(TimeSpan.TicksPerSecond * 3, schedule.DueTicks(3, TimeSpan.TicksPerSecond));
    }
}
