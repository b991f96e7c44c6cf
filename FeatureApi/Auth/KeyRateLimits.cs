using System.Threading.RateLimiting;

namespace FeatureApi.Auth;

/// <summary>
/// One API key's token buckets, one per <see cref="RateLimitPolicies"/> name, made when the key is loaded: charging a
/// request looks nothing up and takes only the bucket's own lock. An unlimited bucket is absent and charges nothing.
/// </summary>
internal sealed class KeyRateLimits : IDisposable
{
    private readonly Dictionary<string, (TokenBucketRateLimiter Limiter, int Burst)> buckets = new(StringComparer.Ordinal);

    public KeyRateLimits(RateLimitOptions options)
    {
        foreach (var policy in RateLimitPolicies.All)
        {
            if (options.For(policy) is { Unlimited: false } bucket)
            {
                buckets[policy] = (Create(bucket), bucket.Burst);
            }
        }
    }

    /// <summary>A token bucket for <paramref name="bucket"/>'s settings; refused requests never queue.</summary>
    public static TokenBucketRateLimiter Create(TokenBucketSettings bucket) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = bucket.Burst,
        TokensPerPeriod = bucket.Permits,
        ReplenishmentPeriod = bucket.Period,
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    /// <summary>Takes <paramref name="cost"/> tokens from the policy's bucket, or says why not.</summary>
    public Charge TryCharge(string policy, int cost)
    {
        if (cost <= 0 || !buckets.TryGetValue(policy, out var bucket))
        {
            return Charge.Taken;
        }
        if (cost > bucket.Burst)
        {
            // Never satisfiable: waiting would not help, so the caller must send less at once.
            return new Charge(ChargeOutcome.LargerThanBurst, TimeSpan.Zero, bucket.Burst);
        }
        using var lease = bucket.Limiter.AttemptAcquire(cost);
        return lease.IsAcquired ? Charge.Taken
            : new Charge(ChargeOutcome.Refused,
                lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1), bucket.Burst);
    }

    public void Dispose()
    {
        foreach (var (limiter, _) in buckets.Values)
        {
            limiter.Dispose();
        }
    }
}

internal enum ChargeOutcome
{
    Taken,
    Refused,
    LargerThanBurst,
}

/// <summary>What charging a request came to: taken, refused until <see cref="RetryAfter"/>, or larger than the bucket can ever hold.</summary>
internal readonly record struct Charge(ChargeOutcome Outcome, TimeSpan RetryAfter, int Burst)
{
    public static readonly Charge Taken = new(ChargeOutcome.Taken, TimeSpan.Zero, 0);
}
