namespace FeatureAdmin.Probe;

/// <summary>What one probe request came back with.</summary>
public readonly record struct ProbeOutcome(bool Success, bool Degraded, double? ServerMilliseconds, string? Error)
{
    public static ProbeOutcome Failed(string error) => new(false, false, null, error);
}

/// <summary>Sends one probe request; the HTTP implementation talks to featureapi, tests substitute their own.</summary>
public interface IProbeTarget
{
    /// <summary>Where requests go, for the run's label.</summary>
    string Description { get; }

    ValueTask<ProbeOutcome> SendAsync(ProbeRequest request, CancellationToken cancellationToken);
}
