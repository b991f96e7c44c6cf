namespace FeatureAdmin.Probe;

/// <summary>A running probe's state, reported a few times a second.</summary>
public sealed record ProbeProgress(
    double ElapsedSeconds, long Completed, long Errors, long? Expected, double? TotalSeconds, IReadOnlyList<ProbeInterval> Intervals)
{
    /// <summary>0–100 for a progress bar, from requests or from time, whichever bounds the run.</summary>
    public double Percent => Expected is > 0
        ? Math.Min(100, 100.0 * (Completed + Errors) / Expected.Value)
        : TotalSeconds is > 0 ? Math.Min(100, 100 * ElapsedSeconds / TotalSeconds.Value) : 0;
}
