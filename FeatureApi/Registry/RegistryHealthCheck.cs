using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeatureApi.Registry;

/// <summary>
/// Degraded (still in service) when this process does not serve the store's repository version: the store was never
/// reached (the built-in default serves), or a version could not be loaded (the last good one serves). The reason is
/// the check's description, which <c>/health</c> and the admin show.
/// </summary>
internal sealed class RegistryHealthCheck(ServingRegistry serving) : IHealthCheck
{
    public const string Name = "registry";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = serving.State;
        var data = new Dictionary<string, object> { ["loadedVersion"] = state.LoadedVersion };
        return Task.FromResult(state switch
        {
            { Error: { } error } => new HealthCheckResult(context.Registration.FailureStatus, error, data: data),
            { FromStore: false } => new HealthCheckResult(context.Registration.FailureStatus,
                "The store has not been reached yet: the built-in default repository is served.", data: data),
            _ => HealthCheckResult.Healthy($"Serving feature repository version {state.LoadedVersion}.", data),
        });
    }
}
