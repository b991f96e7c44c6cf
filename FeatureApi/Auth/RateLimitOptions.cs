using System.ComponentModel.DataAnnotations;

namespace FeatureApi.Auth;

/// <summary>
/// Token buckets per API key, bound from the <c>RateLimits</c> section. Each request takes one token; a bucket holds
/// at most <see cref="TokenBucketSettings.Burst"/> and refills <see cref="TokenBucketSettings.Permits"/> every
/// <see cref="TokenBucketSettings.Period"/> (a second unless set). The defaults let the benchmark's seeding (about
/// 150 bulk writes of 1,000 users a second) and event ingestion (about 900 requests a second) run at full speed while stopping a runaway client.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Extracts, definitions and other reads: unlimited (0) by default, the hot path.</summary>
    [Required]
    public TokenBucketSettings Reads { get; set; } = new() { Permits = 0, Burst = 0 };

    /// <summary>User writes and deletes, bulk upserts.</summary>
    [Required]
    public TokenBucketSettings Writes { get; set; } = new() { Permits = 500, Burst = 1000 };

    /// <summary>Event ingestion.</summary>
    [Required]
    public TokenBucketSettings Events { get; set; } = new() { Permits = 2000, Burst = 4000 };

    /// <summary>The bucket of a <see cref="RateLimitPolicies"/> name.</summary>
    public TokenBucketSettings For(string policy) => policy switch
    {
        RateLimitPolicies.Reads => Reads,
        RateLimitPolicies.Writes => Writes,
        RateLimitPolicies.Events => Events,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };
}

/// <summary>One token bucket; 0 permits means unlimited.</summary>
public sealed class TokenBucketSettings
{
    [Range(0, 10_000_000)]
    public int Permits { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    [Range(0, 10_000_000)]
    public int Burst { get; set; }
}

/// <summary>The rate-limiting policies routes name.</summary>
public static class RateLimitPolicies
{
    public static readonly string[] All = [Reads, Writes, Events];

    public const string Reads = "reads";
    public const string Writes = "writes";
    public const string Events = "events";
}
