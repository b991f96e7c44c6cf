using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeatureApi.Store;

/// <summary>
/// Degraded (still in service, reading the store) while the near cache is on but suspended because its invalidation
/// channel is not heard: answers stay correct, the instance is slower than it should be, and an operator should know why.
/// </summary>
internal sealed class NearCacheHealthCheck(StoredFeatureCache cache) : IHealthCheck
{
    public const string Name = "cache";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!cache.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("The near cache is off (FeatureServing:CacheTtl is zero): every extract reads the store."));
        }
        if (cache.SuspendedBecause is { } reason)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
                $"The near cache does not serve (extracts read the store) because {reason}."));
        }
        var statistics = cache.Statistics;
        var data = new Dictionary<string, object>
        {
            ["entries"] = statistics?.CurrentEntryCount ?? 0,
            ["bytes"] = statistics?.CurrentEstimatedSize ?? 0,
        };
        return Task.FromResult(HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture,
            $"The near cache serves: {data["entries"]} entries, about {(long)data["bytes"] / 1024} KiB, for up to {cache.Ttl.TotalSeconds} s each."), data));
    }
}
