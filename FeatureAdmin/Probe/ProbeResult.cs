namespace FeatureAdmin.Probe;

/// <summary>Latency percentiles of one run or interval, in milliseconds.</summary>
public sealed record LatencySummary(
    long Count, double Min, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>What the probe saw during one slice of a run: the points of the live chart.</summary>
public sealed record ProbeInterval(double ElapsedSeconds, long Requests, double RequestsPerSecond, double P50, double P90, double P99);

/// <summary>One bar of the latency histogram: requests whose latency fell in [<see cref="FromMs"/>, <see cref="ToMs"/>).</summary>
public sealed record HistogramBucket(double FromMs, double ToMs, long Count);

/// <summary>A finished (or cancelled) probe run: its settings, counts, end-to-end and server-side latency.</summary>
public sealed record ProbeResult
{
    public required Guid Id { get; init; }
    public required ProbeSettings Settings { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required double ElapsedSeconds { get; init; }
    public required bool Cancelled { get; init; }

    /// <summary>Requests answered with success.</summary>
    public required long Count { get; init; }
    public required long Errors { get; init; }

    /// <summary>Successful requests where featureapi reported <c>degraded:true</c>.</summary>
    public required long Degraded { get; init; }
    public string? FirstError { get; init; }

    /// <summary>End-to-end latency of successful requests, from intended send time (open loop) or actual send (closed loop).</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>featureapi's own time from its <c>Server-Timing</c> header; null when it does not send one.</summary>
    public LatencySummary? ServerTime { get; init; }

    /// <summary>How late, on average, the generator sent open-loop requests compared to their schedule.</summary>
    public double MeanScheduleLagMs { get; init; }

    public required IReadOnlyList<ProbeInterval> Intervals { get; init; }
    public required IReadOnlyList<HistogramBucket> Histogram { get; init; }

    public double RequestsPerSecond => ElapsedSeconds > 0 ? Count / ElapsedSeconds : 0;

    /// <summary>Users looked up per second: requests per second times the batch size in batch mode.</summary>
    public double UsersPerSecond => RequestsPerSecond * (Settings.Mode == ProbeMode.Batch ? Settings.BatchSize : 1);

    public string Label => $"{StartedAt.ToLocalTime():HH:mm:ss} · {Settings.Describe()}";
}
