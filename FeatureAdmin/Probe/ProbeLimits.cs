using System.ComponentModel.DataAnnotations;

namespace FeatureAdmin.Probe;

/// <summary>
/// What one probe run may ask of featureapi, from configuration <c>Probe:Limits</c>: the admin is a tool for looking,
/// not a load generator anyone with a session can aim at production (the bench is for that).
/// </summary>
public sealed class ProbeLimits
{
    public const string SectionName = "Probe:Limits";

    public static readonly ProbeLimits Default = new();

    [Range(1, 4_096)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>The longest a run lasts, whether it stops after a time or after a number of requests.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most requests a run sends, whether it stops after a number of requests or after a time.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequests { get; set; } = 1_000_000;
}
