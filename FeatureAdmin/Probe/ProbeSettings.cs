using System.Globalization;

namespace FeatureAdmin.Probe;

/// <summary>What a probe sends: one extract per request, or a batch of them.</summary>
public enum ProbeMode { Single, Batch }

/// <summary>How a probe ends: after a number of requests or after a time.</summary>
public enum ProbeStop { Count, Duration }

/// <summary>Where probe requests go: straight to featureapi, or through the admin's own YARP gateway.</summary>
public enum ProbeRoute { Direct, Proxy }

/// <summary>A probe run's shape, bound to the probe form; copied with <c>with</c> when a run starts.</summary>
public sealed record ProbeSettings
{
    public ProbeMode Mode { get; set; } = ProbeMode.Single;
    public int BatchSize { get; set; } = 100;
    public ProbeStop Stop { get; set; } = ProbeStop.Count;
    public int TotalRequests { get; set; } = 1_000;
    public double DurationSeconds { get; set; } = 10;
    public int Concurrency { get; set; } = 8;

    /// <summary>Requests per second for an open-loop run; null or 0 runs closed loop (each worker sends as fast as answers come).</summary>
    public double? TargetRate { get; set; }

    public long FirstUserId { get; set; } = 1;
    public long LastUserId { get; set; } = 1_000;

    /// <summary>Share (0–1) of requests naming a user id that was never seeded.</summary>
    public double UnknownShare { get; set; }

    public double CurrentValue { get; set; } = 100;
    public int Seed { get; set; } = 42;
    public ProbeRoute Route { get; set; } = ProbeRoute.Direct;

    public bool IsOpenLoop => TargetRate is > 0;

    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSeconds);

    /// <summary>Every reason these settings cannot run within <paramref name="limits"/>, as sentences; empty when they can.</summary>
    public IReadOnlyList<string> Validate(ProbeLimits limits)
    {
        var invariant = CultureInfo.InvariantCulture;
        var problems = new List<string>();
        if (Concurrency < 1 || Concurrency > limits.MaxConcurrency)
            problems.Add(string.Create(invariant, $"Concurrency must be between 1 and {limits.MaxConcurrency:N0}."));
        if (Stop == ProbeStop.Count && (TotalRequests < 1 || TotalRequests > limits.MaxRequests))
            problems.Add(string.Create(invariant, $"Total requests must be between 1 and {limits.MaxRequests:N0}."));
        if (Stop == ProbeStop.Duration && (!(DurationSeconds > 0) || DurationSeconds > limits.MaxDuration.TotalSeconds))
            problems.Add(string.Create(invariant, $"Duration must be more than 0 and at most {limits.MaxDuration.TotalSeconds:N0} seconds."));
        if (Mode == ProbeMode.Batch && BatchSize is < 1 or > 10_000) problems.Add("Batch size must be between 1 and 10,000.");
        if (TargetRate is < 0) problems.Add("Target rate cannot be negative.");
        if (FirstUserId < 1 || LastUserId < FirstUserId) problems.Add("The user id range must start at 1 or more and not end before it starts.");
        if (UnknownShare is < 0 or > 1 || double.IsNaN(UnknownShare)) problems.Add("The share of unknown ids must be between 0 and 1.");
        if (!double.IsFinite(CurrentValue)) problems.Add("The current value must be a finite number.");
        return problems;
    }

    /// <summary>A short description for run lists and exports.</summary>
    public string Describe()
    {
        var invariant = CultureInfo.InvariantCulture;
        var mode = Mode == ProbeMode.Batch ? string.Create(invariant, $"batch×{BatchSize}") : "single";
        var stop = Stop == ProbeStop.Count ? string.Create(invariant, $"{TotalRequests:N0} req") : string.Create(invariant, $"{DurationSeconds:0.#} s");
        var loop = IsOpenLoop ? string.Create(invariant, $"open loop {TargetRate:N0}/s") : "closed loop";
        var route = Route == ProbeRoute.Proxy ? "via admin proxy" : "direct";
        return string.Create(invariant, $"{mode}, {stop}, c={Concurrency}, {loop}, {route}");
    }
}
