using System.ComponentModel.DataAnnotations;

namespace FeatureApi.Auth;

/// <summary>
/// Token buckets per API key, bound from the <c>RateLimits</c> section. A request takes a token per unit of work: one
/// per user it reads or writes, one per event, one per new event id; a call that reads one thing takes one. A bucket
/// holds at most <see cref="TokenBucketSettings.Burst"/> and refills <see cref="TokenBucketSettings.Permits"/> every
/// <see cref="TokenBucketSettings.Period"/> (a second unless set). Each FeatureApi process keeps its own buckets.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>
    /// Users read by extracts (a batch of 100 takes 100), and other reads (one each). A million a second per key is
    /// about five times what this service reaches on 2 cores (a batch of 100 at ~200,000 users a second), so an honest
    /// caller, the benchmark included, never meets it; a runaway one cannot take a replica alone.
    /// </summary>
    [Required]
    public TokenBucketSettings Reads { get; set; } = new() { Permits = 1_000_000, Burst = 1_000_000 };

    /// <summary>Users written or deleted (a bulk write of 1,000 takes 1,000), and the store round trip.</summary>
    [Required]
    public TokenBucketSettings Writes { get; set; } = new() { Permits = 50_000, Burst = 100_000 };

    /// <summary>Live events, one token each.</summary>
    [Required]
    public TokenBucketSettings Events { get; set; } = new() { Permits = 100_000, Burst = 200_000 };

    /// <summary>
    /// Events that carry an <c>eventId</c>: a quota, not a rate. Each new id is remembered in the store for
    /// FeatureServing:EventIdRetention (7 days), about 110 bytes a marker on redis-server, so a day's quota of 100,000
    /// per key bounds that key's markers to about 0.8 M (≈ 90 MB) per FeatureApi process, where an unlimited producer
    /// with random ids would fill the store's memory bound and turn every write into a 507.
    /// </summary>
    [Required]
    public TokenBucketSettings EventIds { get; set; } = new() { Permits = 100_000, Period = TimeSpan.FromDays(1), Burst = 100_000 };

    /// <summary>
    /// Requests that fail authentication (no key, an unknown key), per client address: past it the address gets 429
    /// before any key is compared, so guessing keys or flooding with bad ones costs the service almost nothing.
    /// </summary>
    [Required]
    public TokenBucketSettings FailedAuthentication { get; set; } = new() { Permits = 10, Burst = 100 };

    /// <summary>The most client addresses whose failed authentications are counted apart; past it, new addresses share one bucket.</summary>
    [Range(1, 10_000_000)]
    public int MaxTrackedAddresses { get; set; } = 10_000;

    /// <summary>The bucket of a <see cref="RateLimitPolicies"/> name.</summary>
    public TokenBucketSettings For(string policy) => policy switch
    {
        RateLimitPolicies.Reads => Reads,
        RateLimitPolicies.Writes => Writes,
        RateLimitPolicies.Events => Events,
        RateLimitPolicies.EventIds => EventIds,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };
}

/// <summary>One token bucket; 0 permits means unlimited.</summary>
public sealed class TokenBucketSettings
{
    [Range(0, 100_000_000)]
    public int Permits { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "30.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    [Range(0, 100_000_000)]
    public int Burst { get; set; }

    public bool Unlimited => Permits == 0;
}

/// <summary>The per-key buckets routes charge.</summary>
public static class RateLimitPolicies
{
    public static readonly string[] All = [Reads, Writes, Events, EventIds];

    public const string Reads = "reads";
    public const string Writes = "writes";
    public const string Events = "events";
    public const string EventIds = "event-ids";
}
