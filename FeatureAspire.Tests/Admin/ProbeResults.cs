using FeatureAdmin.Probe;

namespace FeatureAspire.Tests.Admin;

/// <summary>A finished run with known numbers, for export and rendering tests.</summary>
internal static class ProbeResults
{
    public static ProbeResult Sample(LatencySummary? serverTime = null) => new()
    {
        Id = Guid.Parse("5f0c3c52-5a0b-4e4c-9a57-3f1e0a8a8c11"),
        Settings = new ProbeSettings { TotalRequests = 1_000, Concurrency = 8, TargetRate = 500 },
        StartedAt = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero),
        ElapsedSeconds = 2,
        Cancelled = false,
        Count = 998,
        Errors = 2,
        Degraded = 3,
        Latency = new LatencySummary(998, 0.21, 0.4, 0.35, 0.62, 1.25, 3.5, 4.75),
        ServerTime = serverTime,
        Intervals = [new ProbeInterval(0.25, 120, 480, 0.3, 0.6, 1.1), new ProbeInterval(0.5, 125, 500, 0.36, 0.61, 1.3)],
        Histogram = [new HistogramBucket(0.2, 0.4, 700), new HistogramBucket(0.4, 0.8, 298)],
    };
}
