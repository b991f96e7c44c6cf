using System.Diagnostics;

namespace FeatureAspire.Bench.Load;

/// <summary>When a run warms up, when its measured window starts and when it ends, in Stopwatch ticks.</summary>
internal readonly record struct LoadPhase(long MeasureStart, long End)
{
    public static LoadPhase StartingNow(TimeSpan warmup, TimeSpan duration)
    {
        var now = Stopwatch.GetTimestamp();
        var start = now + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        return new LoadPhase(start, start + (long)(duration.TotalSeconds * Stopwatch.Frequency));
    }

    public double Seconds => (End - MeasureStart) / (double)Stopwatch.Frequency;

    public bool IsMeasured(long timestamp) => timestamp >= MeasureStart && timestamp < End;
}
