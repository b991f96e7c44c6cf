using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using FeatureAspire.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FeatureApi.Auth;

/// <summary>
/// Counts failed authentications (no key, an unknown key) per client address in a token bucket
/// (<see cref="RateLimitOptions.FailedAuthentication"/>). An address whose bucket is empty is answered 429 before any key
/// is compared. The table holds at most <see cref="RateLimitOptions.MaxTrackedAddresses"/> addresses, and addresses
/// whose bucket has refilled leave it, so memory stays bounded; while it is full, failures from new addresses share
/// one bucket, so rotating addresses does not escape the limit (it fails closed), while a caller with a valid key is
/// never held back by addresses it does not share.
/// </summary>
internal sealed class FailedAuthenticationThrottle : IDisposable
{
    private readonly ConcurrentDictionary<IPAddress, TokenBucketRateLimiter> byAddress = new();
    private readonly TokenBucketRateLimiter shared;
    private readonly TokenBucketSettings bucket;
    private readonly int maxTracked;
    private readonly ITimer sweeper;
    private int tracked;

    public FailedAuthenticationThrottle(IOptions<RateLimitOptions> options, TimeProvider time)
    {
        bucket = options.Value.FailedAuthentication;
        maxTracked = options.Value.MaxTrackedAddresses;
        shared = KeyRateLimits.Create(bucket);
        var every = TimeSpan.FromSeconds(10);
        sweeper = time.CreateTimer(_ => Sweep(), null, every, every);
    }

    /// <summary>
    /// Whether <paramref name="address"/> has used up its failures, asked before any key is compared. Free while no
    /// address has failed: one volatile read on the hot path.
    /// </summary>
    public bool IsRefused(IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (Volatile.Read(ref tracked) == 0 || address is null || !byAddress.TryGetValue(ClientAddress.Normalize(address), out var limiter))
        {
            return false;
        }
        using var probe = limiter.AttemptAcquire(0);
        if (probe.IsAcquired)
        {
            return false;
        }
        retryAfter = RetryAfter(probe);
        return true;
    }

    /// <summary>Counts a failed authentication; false (with the wait) when the address, or the shared bucket, had none left.</summary>
    public bool TryCountFailure(IPAddress? address, out TimeSpan retryAfter)
    {
        using var lease = BucketOf(address).AttemptAcquire(1);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero : RetryAfter(lease);
        return lease.IsAcquired;
    }

    private TokenBucketRateLimiter BucketOf(IPAddress? address)
    {
        if (address is null)
        {
            return shared;
        }
        var key = ClientAddress.Normalize(address);
        if (byAddress.TryGetValue(key, out var limiter))
        {
            return limiter;
        }
        if (Interlocked.Increment(ref tracked) > maxTracked)
        {
            Interlocked.Decrement(ref tracked);
            return shared;
        }
        var created = KeyRateLimits.Create(bucket);
        limiter = byAddress.GetOrAdd(key, created);
        if (limiter != created)
        {
            created.Dispose();
            Interlocked.Decrement(ref tracked);
        }
        return limiter;
    }

    /// <summary>Forgets addresses whose bucket is full again: they have not failed for a while.</summary>
    private void Sweep()
    {
        foreach (var (address, limiter) in byAddress)
        {
            if (limiter.GetStatistics()?.CurrentAvailablePermits >= bucket.Burst && byAddress.TryRemove(new(address, limiter)))
            {
                limiter.Dispose();
                Interlocked.Decrement(ref tracked);
            }
        }
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);

    public void Dispose()
    {
        sweeper.Dispose();
        shared.Dispose();
        foreach (var limiter in byAddress.Values)
        {
            limiter.Dispose();
        }
    }
}
