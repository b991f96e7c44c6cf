using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>Starts the real AppHost with a chosen store mode and waits until every resource is healthy.</summary>
public static class FeatureAspireApp
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <param name="storeMode">The Store:Mode to run with.</param>
    /// <param name="dashboardUrl">When given, the dashboard runs there (anonymous, plain http) and receives telemetry.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="settings">More AppHost arguments, such as <c>--Samples:Enabled=true</c>.</param>
    public static async Task<DistributedApplication> StartAsync(string storeMode, Uri? dashboardUrl = null, CancellationToken cancellationToken = default,
        params string[] settings)
    {
        string[] args = dashboardUrl is null
            ? [$"--Store:Mode={storeMode}", .. TestSecrets.ParameterArgs]
            :
            [
                $"--Store:Mode={storeMode}",
                .. TestSecrets.ParameterArgs,
                $"--ASPNETCORE_URLS={dashboardUrl}",
                $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{FeatureApiCalls.FreeLoopbackPort()}",
                "--ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
            ];
        args = [.. args, .. settings];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeatureAspire_AppHost>(args, (options, _) =>
        {
            options.DisableDashboard = dashboardUrl is null;
            options.AllowUnsecuredTransport = true;
        }, cancellationToken).WaitAsync(StartTimeout, cancellationToken);

        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.WithTestSecrets();
        if (dashboardUrl is null)
        {
            builder.WithoutDeadTelemetryExporter();
        }

        var app = await builder.BuildAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);

        foreach (var resource in new[] { "redis", "featureapi", "featureadmin" })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        }
        return app;
    }

    /// <summary>
    /// The testing builder turns the dashboard off but still points services at its OTLP endpoint; exporting to
    /// nobody makes every service take ~13 s to stop. Tests that need telemetry use in-memory exporters instead.
    /// </summary>
    public static IDistributedApplicationTestingBuilder WithoutDeadTelemetryExporter(this IDistributedApplicationTestingBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
            }));
        }
        return builder;
    }
}
