namespace FeatureAdmin.Probe;

/// <summary>
/// Runs one probe: <see cref="ProbeSettings.Concurrency"/> workers fan out, each takes the next request index, waits
/// for its due time (open loop) and sends it; latencies go to HdrHistogram recorders that a reporting loop reads
/// every <see cref="ReportInterval"/> for the live chart. Cancelling ends the run early and still returns its result.
/// Whatever the settings say, a run ends at <see cref="ProbeLimits.MaxRequests"/> requests or after
/// <see cref="ProbeLimits.MaxDuration"/>, whichever comes first. Every wait and timestamp goes through
/// <c>timeProvider</c>, so a test can drive the run with a clock of its own.
/// </summary>
public sealed class ProbeRunner(IProbeTarget target, TimeProvider timeProvider, ProbeLimits? limits = null)
{
    private readonly ProbeLimits limits = limits ?? ProbeLimits.Default;

    public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    private readonly LatencyRecorder latency = new();
    private readonly LatencyRecorder serverTime = new();
    private readonly List<ProbeInterval> intervals = [];
    private long nextIndex = -1;
    private long completed;
    private long errors;
    private long degraded;
    private long scheduleLagTicks;
    private long openLoopSends;
    private string? firstError;

    public async Task<ProbeResult> RunAsync(ProbeSettings settings, Action<ProbeProgress>? onProgress, CancellationToken cancellationToken)
    {
        var problems = settings.Validate(limits);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(settings));
        }

        var schedule = new ProbeSchedule(settings.TargetRate);
        var startedAt = timeProvider.GetUtcNow();
        var start = timeProvider.GetTimestamp();
        using var stopReporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var reporting = ReportAsync(settings, schedule, start, onProgress, stopReporting.Token);
        var workers = Enumerable.Range(0, settings.Concurrency)
            .Select(i => Task.Run(() => WorkAsync(settings, schedule, start, new ProbeRequestFactory(settings, i), cancellationToken), CancellationToken.None))
            .ToArray();
        await Task.WhenAll(workers);
        var elapsed = timeProvider.GetElapsedTime(start);

        await stopReporting.CancelAsync();
        await reporting;
        AddInterval(timeProvider.GetElapsedTime(start), TimeSpan.Zero);

        var sends = Interlocked.Read(ref openLoopSends);
        return new ProbeResult
        {
            Id = Guid.NewGuid(),
            Settings = settings with { },
            StartedAt = startedAt,
            ElapsedSeconds = elapsed.TotalSeconds,
            Cancelled = cancellationToken.IsCancellationRequested,
            Count = completed,
            Errors = errors,
            Degraded = degraded,
            FirstError = firstError,
            Latency = LatencyRecorder.Summarize(latency.Total),
            ServerTime = serverTime.Total.TotalCount > 0 ? LatencyRecorder.Summarize(serverTime.Total) : null,
            MeanScheduleLagMs = sends > 0 ? timeProvider.GetElapsedTime(0, scheduleLagTicks / sends).TotalMilliseconds : 0,
            Intervals = [.. intervals],
            Histogram = LatencyRecorder.Buckets(latency.Total),
        };
    }

    private async Task WorkAsync(ProbeSettings settings, ProbeSchedule schedule, long start, ProbeRequestFactory requests, CancellationToken cancellationToken)
    {
        var limit = settings.Stop == ProbeStop.Duration && settings.Duration < limits.MaxDuration ? settings.Duration : limits.MaxDuration;
        var maxRequests = settings.Stop == ProbeStop.Count ? Math.Min(settings.TotalRequests, limits.MaxRequests) : limits.MaxRequests;
        while (!cancellationToken.IsCancellationRequested)
        {
            var index = Interlocked.Increment(ref nextIndex);
            if (index >= maxRequests || !schedule.IsDueWithin(index, limit) || timeProvider.GetElapsedTime(start) >= limit)
            {
                return;
            }

            var request = requests.Next();
            var measuredFrom = await WaitUntilDueAsync(schedule, start, index, cancellationToken);
            if (measuredFrom is null)
            {
                return;
            }

            try
            {
                var outcome = await target.SendAsync(request, cancellationToken);
                var elapsed = timeProvider.GetElapsedTime(measuredFrom.Value);
                if (outcome.Success)
                {
                    latency.Record(elapsed);
                    if (outcome.ServerMilliseconds is { } serverMs)
                    {
                        serverTime.Record(TimeSpan.FromMilliseconds(serverMs));
                    }
                    Interlocked.Increment(ref completed);
                    if (outcome.Degraded)
                    {
                        Interlocked.Increment(ref degraded);
                    }
                }
                else
                {
                    RecordError(outcome.Error ?? "Request failed.");
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                RecordError(Api.ApiCall.Describe(exception));
            }
        }
    }

    /// <summary>Waits for request <paramref name="index"/>'s due time; returns the timestamp latency counts from, or null when cancelled.</summary>
    private async Task<long?> WaitUntilDueAsync(ProbeSchedule schedule, long start, long index, CancellationToken cancellationToken)
    {
        if (!schedule.IsOpenLoop)
        {
            return timeProvider.GetTimestamp();
        }

        var due = start + schedule.DueTicks(index, timeProvider.TimestampFrequency);
        var wait = timeProvider.GetElapsedTime(timeProvider.GetTimestamp(), due);
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, timeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
        // The request goes out when the timer ends, even though timers run on a coarse clock and may end a delay a few
        // milliseconds early: waiting out the rest would mean spinning on the clock, which takes a core from the
        // service being measured when they share the machine.
        var sent = timeProvider.GetTimestamp();
        // Timer slack and a saturated generator both make sends late; the lag is reported so it can be told apart from the server.
        Interlocked.Add(ref scheduleLagTicks, Math.Max(0, sent - due));
        Interlocked.Increment(ref openLoopSends);
        // Latency counts from whichever came first: a late send from its due time, so the wait it spent queued in the
        // generator is latency too (no coordinated omission); an early send from the send itself, so it is never
        // credited with less time than the server's answer took.
        return Math.Min(due, sent);
    }

    private void RecordError(string error)
    {
        Interlocked.Increment(ref errors);
        Interlocked.CompareExchange(ref firstError, error, null);
    }

    private async Task ReportAsync(ProbeSettings settings, ProbeSchedule schedule, long start, Action<ProbeProgress>? onProgress, CancellationToken cancellationToken)
    {
        var expected = settings.Stop == ProbeStop.Count ? settings.TotalRequests : schedule.ExpectedCount(settings.Duration);
        var totalSeconds = settings.Stop == ProbeStop.Duration ? settings.DurationSeconds : (double?)null;
        using var timer = new PeriodicTimer(ReportInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var elapsed = timeProvider.GetElapsedTime(start);
                AddInterval(elapsed, ReportInterval);
                onProgress?.Invoke(new ProbeProgress(elapsed.TotalSeconds, Interlocked.Read(ref completed), Interlocked.Read(ref errors),
                    expected, totalSeconds, [.. intervals]));
            }
        }
        catch (OperationCanceledException)
        {
            // The run finished.
        }
    }

    private void AddInterval(TimeSpan elapsed, TimeSpan length)
    {
        var slice = latency.TakeInterval();
        serverTime.TakeInterval();
        var previous = intervals.Count > 0 ? intervals[^1].ElapsedSeconds : 0;
        var seconds = Math.Max(elapsed.TotalSeconds - previous, length.TotalSeconds);
        if (slice.TotalCount == 0 && intervals.Count > 0 && length == TimeSpan.Zero)
        {
            return;
        }
        var summary = LatencyRecorder.Summarize(slice);
        intervals.Add(new ProbeInterval(elapsed.TotalSeconds, slice.TotalCount,
            seconds > 0 ? slice.TotalCount / seconds : 0, summary.P50, summary.P90, summary.P99));
    }
}
