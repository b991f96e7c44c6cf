using System.Diagnostics;

namespace FeatureAdmin.Probe;

/// <summary>
/// Open-loop timing: request <c>i</c> is due at <c>i / rate</c> seconds after the start, whatever happened to the
/// requests before it. A request sent late has its latency measured from that intended time, so a server stall shows
/// up in every request that should have been sent during it (no coordinated omission); one a timer lets go slightly
/// early is measured from its send. Without a rate every request is due at once (closed loop) and latency is measured
/// from the actual send.
/// </summary>
public readonly record struct ProbeSchedule(double? RatePerSecond)
{
    public bool IsOpenLoop => RatePerSecond is > 0;

    /// <summary>
    /// When request <paramref name="index"/> is due, in ticks of a clock running at <paramref name="frequency"/> ticks
    /// a second (<see cref="TimeProvider.TimestampFrequency"/>) after the start.
    /// </summary>
    public long DueTicks(long index, long frequency) =>
        IsOpenLoop ? (long)(index * (frequency / RatePerSecond!.Value)) : 0;

    public TimeSpan DueOffset(long index) => Stopwatch.GetElapsedTime(0, DueTicks(index, Stopwatch.Frequency));

    /// <summary>Whether request <paramref name="index"/> still belongs to a run limited to <paramref name="duration"/>.</summary>
    public bool IsDueWithin(long index, TimeSpan duration) => !IsOpenLoop || DueOffset(index) < duration;

    /// <summary>How many requests an open-loop run of <paramref name="duration"/> sends; null for closed loop.</summary>
    public long? ExpectedCount(TimeSpan duration) =>
        IsOpenLoop ? (long)Math.Ceiling(duration.TotalSeconds * RatePerSecond!.Value) : null;
}
