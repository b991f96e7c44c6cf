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
    public async Task OpenLoopLatencyIsNeverShorterThanTheAnswer()
    {
        // Timers end delays early (by up to a couple of milliseconds on a coarse kernel clock); a request sent then and
        // timed from its due time would report a latency shorter than the 2 ms the answer itself takes.
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
    public async Task OpenLoopSendsWhenItsTimerEndsEvenIfTheClockSaysItIsEarly()
    {
        // The timers end every delay at once and the clock only moves while a request is answered, so each request's
        // due time is still ahead when its timer ends: a runner that waited for the clock to catch up would never send.
        var result = await RunOnEarlyTimerClockAsync(requests: 5, ratePerSecond: 10, answer: TimeSpan.FromMilliseconds(2));

        Assert.Equal(5, result.Count);
    }

    [Fact]
    public async Task AnEarlySendIsTimedFromTheSendSoItsLatencyIsTheAnswersTime()
    {
        // Requests are due every 100 ms but go out 2 ms after the previous one (the timers end early); timing them from
        // their due time would record 2 ms minus up to 98 ms.
        var result = await RunOnEarlyTimerClockAsync(requests: 5, ratePerSecond: 10, answer: TimeSpan.FromMilliseconds(2));

        Assert.Equal(5, result.Latency.Count);
        Assert.Equal(2.0, result.Latency.Min, 0.01);
        Assert.Equal(2.0, result.Latency.Max, 0.01);
        Assert.Equal(0, result.MeanScheduleLagMs);
    }

    [Fact]
    public async Task ALateSendIsTimedFromItsDueTimeSoItsWaitInTheGeneratorCounts()
    {
        // Due every 10 ms, answered in 25 ms by one worker: sent at 0, 25 and 50 ms, answered at 25, 50 and 75 ms, so
        // the latencies are 25, 40 and 55 ms and the sends lag 0, 15 and 30 ms behind their schedule.
        var result = await RunOnEarlyTimerClockAsync(requests: 3, ratePerSecond: 100, answer: TimeSpan.FromMilliseconds(25));

        Assert.Equal(25.0, result.Latency.Min, 0.1);
        Assert.Equal(55.0, result.Latency.Max, 0.1);
        Assert.Equal(15.0, result.MeanScheduleLagMs, 0.01);
    }

    /// <summary>One worker's open-loop run on an <see cref="EarlyTimerClock"/> against a target answering in <paramref name="answer"/> of its time.</summary>
    private static Task<ProbeResult> RunOnEarlyTimerClockAsync(int requests, double ratePerSecond, TimeSpan answer)
    {
        var clock = new EarlyTimerClock();
        var settings = new ProbeSettings { TotalRequests = requests, Concurrency = 1, TargetRate = ratePerSecond };
        return new ProbeRunner(new ClockAdvancingTarget(clock, answer), clock).RunAsync(settings, null, CancellationToken.None).WaitAsync(Timeout);
    }

    /// <summary>
    /// A clock that moves only when told to, whose one-shot timers (delays) end as soon as they start, however far
    /// ahead they were due; periodic timers (the progress report) never tick.
    /// </summary>
    private sealed class EarlyTimerClock : TimeProvider
    {
        // Inside a TimeProvider, "System" is TimeProvider.System, and "Timeout" is the test class's bound.
        private static readonly TimeSpan Never = global::System.Threading.Timeout.InfiniteTimeSpan;
        private long now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref now);

        public void Advance(TimeSpan by) => Interlocked.Add(ref now, by.Ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (period == Never && dueTime != Never)
            {
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }
            return new NeverTicks();
        }

        private sealed class NeverTicks : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>Answers every request in <paramref name="answer"/> of <paramref name="clock"/>'s time, one after another.</summary>
    private sealed class ClockAdvancingTarget(EarlyTimerClock clock, TimeSpan answer) : IProbeTarget
    {
        public string Description => "clock advancing";

        public async ValueTask<ProbeOutcome> SendAsync(ProbeRequest request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            clock.Advance(answer);
            return new ProbeOutcome(true, false, answer.TotalMilliseconds, null);
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
