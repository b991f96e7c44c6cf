using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>Starts the real AppHost with a chosen store mode and waits until every resource is healthy.</summary>
public static class FeatureAspireApp
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    public static async Task<DistributedApplication> StartAsync(string storeMode, CancellationToken cancellationToken = default)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FeatureAspire_AppHost>(
            [$"--Store:Mode={storeMode}"], cancellationToken).WaitAsync(StartTimeout, cancellationToken);

        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.WithoutDeadTelemetryExporter();

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
