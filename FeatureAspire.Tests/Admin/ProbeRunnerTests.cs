using System.Diagnostics;
using FeatureAdmin.Probe;

namespace FeatureAspire.Tests.Admin;

public sealed class ProbeRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CountModeSendsExactlyTheRequestedNumber()
    {
        var target = new FakeProbeTarget(TimeSpan.Zero);
        var settings = new ProbeSettings { TotalRequests = 1_234, Concurrency = 7 };

        var result = await new ProbeRunner(target, TimeProvider.System).RunAsync(settings, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(1_234, target.Requests.Count);
        Assert.Equal(1_234, result.Count);
        Assert.Equal(1_234, result.Latency.Count);
        Assert.False(result.Cancelled);
    }

    [Fact]
    public async Task ErrorsDegradedAnswersAndServerTimeAreCountedApart()
    {
        var target = new FakeProbeTarget(TimeSpan.Zero, failEvery: 10, degradeEvery: 4, serverMs: 0.5);
        var settings = new ProbeSettings { TotalRequests = 100, Concurrency = 1 };

        var result = await new ProbeRunner(target, TimeProvider.System).RunAsync(settings, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(10, result.Errors);
        Assert.Equal(90, result.Count);
        // Multiples of 4 that are not multiples of 10 (those failed): 25 - 5.
        Assert.Equal(20, result.Degraded);
        Assert.Equal("503 Service Unavailable", result.FirstError);
        Assert.NotNull(result.ServerTime);
        Assert.Equal(0.5, result.ServerTime.P50, 0.001);
    }

    [Fact]
    public async Task ServerTimeIsNullWhenTheServerDoesNotReportIt()
    {
        var settings = new ProbeSettings { TotalRequests = 10, Concurrency = 2 };

        var result = await new ProbeRunner(new FakeProbeTarget(TimeSpan.Zero), TimeProvider.System).RunAsync(settings, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Null(result.ServerTime);
    }

    [Fact]
    public async Task OpenLoopRunTakesAsLongAsItsScheduleNotItsConcurrency()
    {
        // 40 requests at 200/s are due over 195 ms, even though 8 workers could send them all at once.
        var settings = new ProbeSettings { TotalRequests = 40, Concurrency = 8, TargetRate = 200 };
        var started = Stopwatch.GetTimestamp();

        var result = await new ProbeRunner(new FakeProbeTarget(TimeSpan.Zero), TimeProvider.System).RunAsync(settings, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(40, result.Count);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(190), $"finished after {Stopwatch.GetElapsedTime(started)}");
    }

    [Fact]
    public async Task OpenLoopLatencyCountsFromTheIntendedSendTime()
    {
        // One worker and 20 ms answers cannot keep up with 200/s: later requests wait in the generator, and that wait
        // is latency the server's users would see (no coordinated omission).
        var settings = new ProbeSettings { TotalRequests = 20, Concurrency = 1, TargetRate = 200 };

        var result = await new ProbeRunner(new FakeProbeTarget(TimeSpan.FromMilliseconds(20)), TimeProvider.System).RunAsync(settings, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.True(result.Latency.Max > 200, $"max {result.Latency.Max} ms should include ~19 × 15 ms of queueing");
        Assert.True(result.MeanScheduleLagMs > 50, $"schedule lag {result.MeanScheduleLagMs} ms");
    }

    [Fact]
    public async Task OpenLoopNeverSendsBeforeARequestIsDueSoNoLatencyIsShorterThanTheAnswer()
    {
        // Timers end delays early (by up to a couple of milliseconds on a coarse kernel clock); a request sent then and
        // timed from its due time would report a latency shorter than the 2 ms the answer itself takes. This can only
        // show while the generator keeps to its schedule: a saturated machine sends everything late.
        var answer = TimeSpan.FromMilliseconds(2);
        var settings = new ProbeSettings { TotalRequests = 30, Concurrency = 2, TargetRate = 100 };

        var result = await new ProbeRunner(new ExactDelayTarget(answer), TimeProvider.System).RunAsync(settings, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(30, result.Count);
        Assert.True(result.Latency.Min >= answer.TotalMilliseconds, $"min {result.Latency.Min} ms is shorter than the {answer.TotalMilliseconds} ms answer");
    }

    /// <summary>Answers after exactly <paramref name="delay"/> (waited out against the stopwatch, not a timer, which may end early).</summary>
    private sealed class ExactDelayTarget(TimeSpan delay) : IProbeTarget
    {
        public string Description => "exact delay";

        public async ValueTask<ProbeOutcome> SendAsync(ProbeRequest request, CancellationToken cancellationToken)
        {
            var sent = Stopwatch.GetTimestamp();
            await Task.Delay(delay, cancellationToken);
            while (Stopwatch.GetElapsedTime(sent) < delay)
            {
                await Task.Yield();
            }
            return new ProbeOutcome(true, false, null, null);
        }
    }

    [Fact]
    public async Task DurationModeStopsAtTheDeadline()
    {
        var settings = new ProbeSettings { Stop = ProbeStop.Duration, DurationSeconds = 0.3, Concurrency = 2 };

        var result = await new ProbeRunner(new FakeProbeTarget(TimeSpan.FromMilliseconds(1)), TimeProvider.System).RunAsync(settings, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.InRange(result.ElapsedSeconds, 0.3, 2);
        Assert.True(result.Count > 10);
    }

    [Fact]
    public async Task CancellingEndsTheRunAndKeepsWhatWasMeasured()
    {
        var settings = new ProbeSettings { TotalRequests = 1_000_000, Concurrency = 4 };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var result = await new ProbeRunner(new FakeProbeTarget(TimeSpan.FromMilliseconds(1)), TimeProvider.System).RunAsync(settings, null, cancel.Token).WaitAsync(Timeout);

        Assert.True(result.Cancelled);
        Assert.InRange(result.Count, 1, 999_999);
        Assert.Equal(0, result.Errors);
    }

    [Fact]
    public async Task ProgressReportsIntervalsWhileRunning()
    {
        var reports = new List<ProbeProgress>();
        var settings = new ProbeSettings { Stop = ProbeStop.Duration, DurationSeconds = 1.5, Concurrency = 2 };

        var result = await new ProbeRunner(new FakeProbeTarget(TimeSpan.FromMilliseconds(2)), TimeProvider.System)
            .RunAsync(settings, p => { lock (reports) reports.Add(p); }, CancellationToken.None).WaitAsync(Timeout);

        Assert.True(reports.Count >= 2, $"{reports.Count} reports");
        Assert.Contains(reports, p => p.Intervals.Count > 0 && p.Intervals[^1].P99 > 0);
        Assert.Equal(result.Count, result.Intervals.Sum(i => i.Requests));
    }

    [Fact]
    public async Task ManyWorkersLoseNoRecordings()
    {
        var settings = new ProbeSettings { TotalRequests = 20_000, Concurrency = 16 };

        var result = await new ProbeRunner(new FakeProbeTarget(TimeSpan.Zero), TimeProvider.System).RunAsync(settings, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(20_000, result.Latency.Count);
        Assert.Equal(20_000, result.Intervals.Sum(i => i.Requests));
    }

    [Fact]
    public async Task InvalidSettingsAreRefusedWithTheirReasons()
    {
        var settings = new ProbeSettings { Concurrency = 0, FirstUserId = 10, LastUserId = 5 };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            new ProbeRunner(new FakeProbeTarget(TimeSpan.Zero), TimeProvider.System).RunAsync(settings, null, CancellationToken.None));

        Assert.Contains("Concurrency", refused.Message, StringComparison.Ordinal);
        Assert.Contains("user id range", refused.Message, StringComparison.Ordinal);
    }
}
