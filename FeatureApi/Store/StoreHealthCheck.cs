using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// Readiness of the store, reported as <see cref="HealthStatus.Degraded"/> when it does not answer a PING. Degraded,
/// not Unhealthy: while the store is down FeatureApi still answers every extract within its deadline (defaults marked
/// unavailable), which callers prefer to no answer; taking the instance out of a load balancer would turn a degraded
/// service into an outage. The health endpoint answers 200 with "Degraded" and the dashboard shows it. The answer is
/// at most <see cref="MaxAge"/> old: <c>/health</c> is open to anyone, and a flood of it must not become a flood of
/// PINGs; callers arriving while a PING is out share it.
/// </summary>
internal sealed class StoreHealthCheck(IConnectionMultiplexer redis, TimeProvider time) : IHealthCheck
{
    public const string Name = "store";

    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private Task<HealthCheckResult>? latest;
    private long latestAt;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (latest is null || (latest.IsCompleted && time.GetElapsedTime(latestAt) >= MaxAge))
            {
                latestAt = time.GetTimestamp();
                latest = PingAsync(context.Registration.FailureStatus);
            }
            return latest.WaitAsync(cancellationToken);
        }
    }

    private async Task<HealthCheckResult> PingAsync(HealthStatus failureStatus)
    {
        try
        {
            var ping = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2));
            return HealthCheckResult.Healthy($"The store answers PING in {ping.TotalMilliseconds:F1} ms.");
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException or TimeoutException)
        {
            return new HealthCheckResult(failureStatus, "The store does not answer; extracts are served with defaults marked unavailable.", ex);
        }
    }
}
