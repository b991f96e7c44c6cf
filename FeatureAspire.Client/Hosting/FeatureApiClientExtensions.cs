using FeatureAspire.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers <see cref="FeatureApiClient"/> in a host the way Aspire client integrations register theirs.</summary>
public static class FeatureApiClientExtensions
{
    /// <summary>
    /// Registers <see cref="FeatureApiClient"/> for FeatureApi resource <paramref name="connectionName"/>: found by
    /// service discovery (<c>https+http://{connectionName}</c>), with the standard resilience handler, the API key from
    /// <c>FeatureApi:ApiKey</c>, a health check and tracing. Settings are read from configuration as
    /// <see cref="FeatureApiClientSettings"/> describes.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">The FeatureApi resource's name in the AppHost, such as <c>featureapi</c>.</param>
    /// <param name="configureSettings">Changes the settings after configuration has been read.</param>
    /// <param name="configureHttpClient">Changes the underlying HTTP client (handlers, timeouts) after the defaults.</param>
    public static void AddFeatureApiClient(this IHostApplicationBuilder builder, string connectionName,
        Action<FeatureApiClientSettings>? configureSettings = null, Action<IHttpClientBuilder>? configureHttpClient = null) =>
        AddFeatureApiClient(builder, connectionName, serviceKey: null, configureSettings, configureHttpClient);

    /// <summary>
    /// Registers a keyed <see cref="FeatureApiClient"/> (resolve it with <c>[FromKeyedServices(name)]</c>) for FeatureApi
    /// resource <paramref name="name"/>, for a service that calls more than one FeatureApi. Otherwise as
    /// <see cref="AddFeatureApiClient(IHostApplicationBuilder, string, Action{FeatureApiClientSettings}?, Action{IHttpClientBuilder}?)"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="name">The FeatureApi resource's name, also the service key.</param>
    /// <param name="configureSettings">Changes the settings after configuration has been read.</param>
    /// <param name="configureHttpClient">Changes the underlying HTTP client after the defaults.</param>
    public static void AddKeyedFeatureApiClient(this IHostApplicationBuilder builder, string name,
        Action<FeatureApiClientSettings>? configureSettings = null, Action<IHttpClientBuilder>? configureHttpClient = null) =>
        AddFeatureApiClient(builder, name, serviceKey: name, configureSettings, configureHttpClient);

    private static void AddFeatureApiClient(IHostApplicationBuilder builder, string connectionName, string? serviceKey,
        Action<FeatureApiClientSettings>? configureSettings, Action<IHttpClientBuilder>? configureHttpClient)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = FeatureApiClientSettings.Read(builder.Configuration, connectionName);
        configureSettings?.Invoke(settings);
        settings.Endpoint ??= new Uri($"https+http://{connectionName}");
        var httpClientName = $"{FeatureApiClient.ActivitySourceName}:{connectionName}";

        var http = builder.Services.AddHttpClient(httpClientName, client => client.BaseAddress = settings.Endpoint);
        AddDiscoveryAndOwnResilience(builder, http, standardResilienceHandler: !settings.DisableResilience);
        configureHttpClient?.Invoke(http);

        FeatureApiClient Create(IServiceProvider services) =>
            new(services.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName), settings.ApiKey);

        AddClient(builder, serviceKey, Create);

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                serviceKey is null ? FeatureApiClient.ActivitySourceName : $"{FeatureApiClient.ActivitySourceName}_{serviceKey}",
                services => new FeatureApiHealthCheck(Create(services)),
                failureStatus: null, tags: null, timeout: settings.HealthCheckTimeout));
        }

        AddTracing(builder, settings);
    }

    /// <summary>
    /// No resilience handler on <paramref name="http"/> but the client's own, then service discovery beneath it (each
    /// attempt resolved anew). Service defaults add a resilience handler to every client: a second one would multiply
    /// the retries, and on a gRPC channel, which retries by itself, its timeouts would cut streams.
    /// </summary>
    internal static void AddDiscoveryAndOwnResilience(IHostApplicationBuilder builder, IHttpClientBuilder http, bool standardResilienceHandler)
    {
        // RemoveAllResilienceHandlers is marked experimental (EXTEXP0001); it is the supported way to replace them.
#pragma warning disable EXTEXP0001
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        if (standardResilienceHandler)
        {
            http.AddStandardResilienceHandler();
        }
        builder.Services.AddServiceDiscovery();
        http.AddServiceDiscovery();
    }

    /// <summary>Registers a transient client, keyed when <paramref name="serviceKey"/> is given.</summary>
    internal static void AddClient<TClient>(IHostApplicationBuilder builder, string? serviceKey, Func<IServiceProvider, TClient> create)
        where TClient : class
    {
        if (serviceKey is null)
        {
            builder.Services.AddTransient(create);
        }
        else
        {
            builder.Services.AddKeyedTransient(serviceKey, (services, _) => create(services));
        }
    }

    internal static void AddTracing(IHostApplicationBuilder builder, FeatureApiClientSettings settings)
    {
        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(FeatureApiClient.ActivitySourceName));
        }
    }
}
