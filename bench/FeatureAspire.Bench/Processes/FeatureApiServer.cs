using System.Globalization;
using System.Net;
using FeatureAspire.Bench.Http;
using FeatureAspire.Store.Hosting;

namespace FeatureAspire.Bench.Processes;

/// <summary>
/// The Release FeatureApi outside Aspire, as production runs it (no dashboard, no OTLP exporter), with the
/// benchmark reference endpoints switched on and the given settings.
/// </summary>
internal sealed class FeatureApiServer : IAsyncDisposable
{
    private readonly ChildProcess process;

    private FeatureApiServer(ChildProcess process, int port, int grpcPort, string settings)
    {
        this.process = process;
        Port = port;
        GrpcPort = grpcPort;
        Settings = settings;
    }

    public int Port { get; }

    /// <summary>The cleartext HTTP/2 endpoint FeatureService (and the gRPC ceiling) is served on.</summary>
    public int GrpcPort { get; }

    public Uri GrpcAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{GrpcPort}"));
    public int ProcessId => process.Id;
    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);
    public string Host => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>The settings it runs with beyond the defaults, for the report ("defaults" when none).</summary>
    public string Settings { get; }

    public static async Task<FeatureApiServer> StartAsync(BenchPaths paths, StoreServer store, IReadOnlyDictionary<string, string> settings,
        string logName, CancellationToken cancellationToken)
    {
        var port = LoopbackPort.Free();
        var grpcPort = LoopbackPort.Free();
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__redis"] = store.ConnectionString,
            // Two endpoints, as the AppHost gives it: Kestrel serves cleartext HTTP/2 only where Protocols is Http2 alone,
            // and endpoints in configuration replace ASPNETCORE_URLS.
            ["Kestrel__Endpoints__http__Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            ["Kestrel__Endpoints__grpc__Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{grpcPort}"),
            ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Benchmarks__Enabled"] = "true",
            // Outside Aspire there is no collector; make sure an inherited endpoint does not turn the exporter on.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = null,
        };
        foreach (var (key, value) in BenchApiKey.Settings.Concat(settings))
        {
            environment[key] = value;
        }

        // Run from the build's folder, as a deployment runs from its own: the content root is the working directory,
        // and from anywhere else appsettings.json is not found and every request is logged at Information.
        var process = ChildProcess.Start("FeatureApi", "dotnet", [paths.FeatureApiDll], Path.Combine(paths.LogDirectory, logName), environment,
            Path.GetDirectoryName(paths.FeatureApiDll));
        var server = new FeatureApiServer(process, port, grpcPort,
            settings.Count == 0 ? "defaults" : string.Join(", ", settings.Select(s => $"{s.Key.Replace("__", ":", StringComparison.Ordinal)}={s.Value}")));
        try
        {
            await process.WaitForPortAsync(port, TimeSpan.FromSeconds(60), cancellationToken);
            await process.WaitForPortAsync(grpcPort, TimeSpan.FromSeconds(10), cancellationToken);
            await server.WaitHealthyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>GET a path and return status and body (for housekeeping calls, not measured).</summary>
    public Task<(int Status, string Body)> GetAsync(string path, CancellationToken cancellationToken) =>
        ExchangeAsync(RequestSet.Build("GET", path, Host, null), cancellationToken);

    /// <summary>Sends one prebuilt request on a connection of its own and returns status and body (housekeeping, not measured).</summary>
    public async Task<(int Status, string Body)> ExchangeAsync(byte[] request, CancellationToken cancellationToken)
    {
        using var connection = (await HttpConnection.OpenAsync(Endpoint, cancellationToken)).CaptureBodies();
        var (response, body) = await connection.ExchangeAsync(request, cancellationToken);
        return (response.Status, body);
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (status, body) = await GetAsync("/health", cancellationToken);
            if (status == 200)
            {
                return;
            }
            if (attempt > 100 || process.HasExited)
            {
                throw new InvalidOperationException($"FeatureApi never became healthy ({status} {body}); see {process.LogPath}:\n{process.Tail()}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
