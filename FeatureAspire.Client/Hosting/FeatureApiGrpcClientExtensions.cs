using FeatureAspire.Client;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Rpc = FeatureAspire.Serving.V1;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers <see cref="FeatureApiGrpcClient"/> in a host, as <c>AddFeatureApiClient</c> registers the JSON client.</summary>
public static class FeatureApiGrpcClientExtensions
{
    /// <summary>
    /// Registers <see cref="FeatureApiGrpcClient"/> for FeatureApi resource <paramref name="connectionName"/>: its gRPC
    /// endpoint found by service discovery (<c>http://_grpc.{connectionName}</c>), the API key from <c>FeatureApi:ApiKey</c>
    /// sent as <c>x-api-key</c>, reads retried on UNAVAILABLE (<see cref="FeatureApiGrpcClient.CreateServiceConfig"/>),
    /// a deadline per call (<see cref="FeatureApiClientSettings.GrpcDeadline"/>) and tracing. Settings are read from
    /// configuration as <see cref="FeatureApiClientSettings"/> describes, the same as the JSON client's.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="connectionName">The FeatureApi resource's name in the AppHost, such as <c>featureapi</c>.</param>
    /// <param name="configureSettings">Changes the settings after configuration has been read.</param>
    /// <param name="configureHttpClient">Changes the HTTP client under the channel (handlers) after the defaults.</param>
    public static void AddFeatureApiGrpcClient(this IHostApplicationBuilder builder, string connectionName,
        Action<FeatureApiClientSettings>? configureSettings = null, Action<IHttpClientBuilder>? configureHttpClient = null) =>
        AddFeatureApiGrpcClient(builder, connectionName, serviceKey: null, configureSettings, configureHttpClient);

    /// <summary>
    /// Registers a keyed <see cref="FeatureApiGrpcClient"/> (resolve it with <c>[FromKeyedServices(name)]</c>) for FeatureApi
    /// resource <paramref name="name"/>. Otherwise as
    /// <see cref="AddFeatureApiGrpcClient(IHostApplicationBuilder, string, Action{FeatureApiClientSettings}?, Action{IHttpClientBuilder}?)"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="name">The FeatureApi resource's name, also the service key.</param>
    /// <param name="configureSettings">Changes the settings after configuration has been read.</param>
    /// <param name="configureHttpClient">Changes the HTTP client under the channel after the defaults.</param>
    public static void AddKeyedFeatureApiGrpcClient(this IHostApplicationBuilder builder, string name,
        Action<FeatureApiClientSettings>? configureSettings = null, Action<IHttpClientBuilder>? configureHttpClient = null) =>
        AddFeatureApiGrpcClient(builder, name, serviceKey: name, configureSettings, configureHttpClient);

    private static void AddFeatureApiGrpcClient(IHostApplicationBuilder builder, string connectionName, string? serviceKey,
        Action<FeatureApiClientSettings>? configureSettings, Action<IHttpClientBuilder>? configureHttpClient)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = FeatureApiClientSettings.Read(builder.Configuration, connectionName);
        configureSettings?.Invoke(settings);
        settings.GrpcEndpoint ??= new Uri($"http://_grpc.{connectionName}");
        var clientName = $"{FeatureApiClient.ActivitySourceName}:grpc:{connectionName}";

        var http = builder.Services.AddGrpcClient<Rpc.FeatureService.FeatureServiceClient>(clientName, options => options.Address = settings.GrpcEndpoint)
            .ConfigureChannel(channel =>
            {
                channel.ServiceConfig = settings.DisableResilience ? null : FeatureApiGrpcClient.CreateServiceConfig();
                // A caller that gives up gets an OperationCanceledException, as from an HttpClient.
                channel.ThrowOperationCanceledOnCancellation = true;
            });
        // The channel retries by itself; an HTTP resilience handler under it would retry, and time out, inside a call.
        FeatureApiClientExtensions.AddDiscoveryAndOwnResilience(builder, http, standardResilienceHandler: false);
        configureHttpClient?.Invoke(http);

        FeatureApiGrpcClient Create(IServiceProvider services) =>
            new(services.GetRequiredService<GrpcClientFactory>().CreateClient<Rpc.FeatureService.FeatureServiceClient>(clientName), settings.ApiKey,
                settings.DisableResilience ? null : settings.GrpcDeadline);

        FeatureApiClientExtensions.AddClient(builder, serviceKey, Create);
        FeatureApiClientExtensions.AddTracing(builder, settings);
    }
}
