using Microsoft.Extensions.Configuration;

namespace FeatureAspire.Client;

/// <summary>
/// How <c>AddFeatureApiClient</c> connects to FeatureApi, bound from configuration like an Aspire integration's
/// settings: <c>FeatureApi:ApiKey</c>, then the section <c>Aspire:FeatureAspire:Client</c>, then
/// <c>Aspire:FeatureAspire:Client:{name}</c>, then <c>ConnectionStrings:{name}</c>, then the code's delegate.
/// </summary>
public sealed class FeatureApiClientSettings
{
    /// <summary>The configuration section the settings are bound from.</summary>
    public const string DefaultConfigSectionName = "Aspire:FeatureAspire:Client";

    /// <summary>The configuration key of the API key every FeatureApi caller reads (environment <c>FeatureApi__ApiKey</c>).</summary>
    public const string ApiKeyConfigurationKey = "FeatureApi:ApiKey";

    /// <summary>
    /// FeatureApi's address. Defaults to <c>https+http://{name}</c>: resolved by service discovery from the
    /// <c>services:{name}:...</c> entries Aspire's <c>WithReference</c> provides, preferring https.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// FeatureApi's gRPC endpoint, for <c>AddFeatureApiGrpcClient</c>. Defaults to <c>http://_grpc.{name}</c>: resolved by
    /// service discovery from <c>services:{name}:grpc:...</c>, the cleartext HTTP/2 endpoint the AppHost names <c>grpc</c>.
    /// </summary>
    public Uri? GrpcEndpoint { get; set; }

    /// <summary>
    /// The deadline of each unary gRPC call, retries included: the JSON client's total request timeout. FeatureApi
    /// answers within the smaller of this and its own deadline. Not applied when <see cref="DisableResilience"/> is set,
    /// nor to a stream.
    /// </summary>
    public TimeSpan GrpcDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The key sent as <c>X-API-Key</c>; null sends none (for a FeatureApi that runs open).</summary>
    public string? ApiKey { get; set; }

    /// <summary>When true, no health check is registered. By default one checks that FeatureApi answers <c>/alive</c>.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>When true, the client's spans are not added to OpenTelemetry tracing.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>
    /// When true, calls are sent once: no retries, hedging or timeouts (for a latency probe, say). By default the
    /// client has the standard resilience handler, and only that one, even where service defaults add theirs to every client.
    /// </summary>
    public bool DisableResilience { get; set; }

    /// <summary>How long the health check waits for FeatureApi.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The settings configuration gives the client named <paramref name="connectionName"/>, in the order above (all but
    /// the code's delegate): what <c>AddFeatureApiClient</c> starts from, for a caller that needs the same key or address.
    /// </summary>
    public static FeatureApiClientSettings Read(IConfiguration configuration, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new FeatureApiClientSettings { ApiKey = configuration[ApiKeyConfigurationKey] };
        configuration.GetSection(DefaultConfigSectionName).Bind(settings);
        configuration.GetSection($"{DefaultConfigSectionName}:{connectionName}").Bind(settings);
        settings.ParseConnectionString(configuration.GetConnectionString(connectionName));
        return settings;
    }

    /// <summary>Reads <c>ConnectionStrings:{name}</c>: an absolute URL, or <c>Endpoint=...;GrpcEndpoint=...;ApiKey=...</c>.</summary>
    internal void ParseConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }
        if (Uri.TryCreate(connectionString, UriKind.Absolute, out var url))
        {
            Endpoint = url;
            return;
        }
        var parts = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        Endpoint = UrlOf(parts, nameof(Endpoint)) ?? Endpoint;
        GrpcEndpoint = UrlOf(parts, nameof(GrpcEndpoint)) ?? GrpcEndpoint;
        if (parts.TryGetValue(nameof(ApiKey), out var key) && key?.ToString() is { Length: > 0 } apiKey)
        {
            ApiKey = apiKey;
        }
    }

    private static Uri? UrlOf(System.Data.Common.DbConnectionStringBuilder parts, string name) =>
        parts.TryGetValue(name, out var value) && Uri.TryCreate(value?.ToString(), UriKind.Absolute, out var url) ? url : null;
}
