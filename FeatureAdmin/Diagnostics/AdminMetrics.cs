using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace FeatureAdmin.Diagnostics;

/// <summary>The admin's own instruments, on a meter it registers with OpenTelemetry.</summary>
public sealed class AdminMetrics
{
    public const string MeterName = "FeatureAspire.Admin";
    public const string GatewayRefusedName = "featureadmin.gateway.refused";
    public const string ReasonTag = "reason";

    private readonly Counter<long> gatewayRefused;

    public AdminMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        gatewayRefused = meter.CreateCounter<long>(GatewayRefusedName, "{request}",
            "Unsafe requests the admin's gateway refused because they did not come from the admin's own pages.");
    }

    /// <summary>Registers the instruments and has OpenTelemetry export their meter.</summary>
    public static void Register(IServiceCollection services)
    {
        services.TryAddSingleton<AdminMetrics>();
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(MeterName));
    }

    public void GatewayRefused(string reason) => gatewayRefused.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));
}
