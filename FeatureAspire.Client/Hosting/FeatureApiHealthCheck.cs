using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeatureAspire.Client;

/// <summary>
/// Healthy when FeatureApi answers <c>/alive</c>. Its store's health is FeatureApi's own concern: with the store
/// down FeatureApi still answers, degraded, so a caller is not made unready by it.
/// </summary>
internal sealed class FeatureApiHealthCheck(FeatureApiClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var alive = await client.GetAlivenessAsync(cancellationToken).ConfigureAwait(false);
            return alive.Healthy
                ? HealthCheckResult.Healthy($"FeatureApi at {client.BaseAddress} answers.")
                : new HealthCheckResult(context.Registration.FailureStatus, $"FeatureApi at {client.BaseAddress} answered: {alive.Report}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"FeatureApi at {client.BaseAddress} cannot be reached.", ex);
        }
    }
}
