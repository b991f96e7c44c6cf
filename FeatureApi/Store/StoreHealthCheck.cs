using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// Readiness of the store, reported as <see cref="HealthStatus.Degraded"/> when it does not answer a PING. Degraded,
/// not Unhealthy: while the store is down FeatureApi still answers every extract within its deadline (defaults marked
/// unavailable), which callers prefer to no answer; taking the instance out of a load balancer would turn a degraded
/// service into an outage. The health endpoint answers 200 with "Degraded" and the dashboard shows it.
/// </summary>
internal sealed class StoreHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public const string Name = "store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var ping = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"The store answers PING in {ping.TotalMilliseconds:F1} ms.");
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                "The store does not answer; extracts are served with defaults marked unavailable.", ex);
        }
    }
}
