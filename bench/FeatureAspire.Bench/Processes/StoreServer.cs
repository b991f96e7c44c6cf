using System.Globalization;

namespace FeatureAspire.Bench.Processes;

/// <summary>Which store a run measures.</summary>
internal enum StoreKind
{
    Redis,
    Garnet,
}

/// <summary>A password-protected store on a free loopback port: redis-server 7 (no persistence) or Garnet with Lua.</summary>
internal sealed class StoreServer : IAsyncDisposable
{
    private readonly ChildProcess process;

    private StoreServer(StoreKind kind, ChildProcess process, int port, string password)
    {
        Kind = kind;
        this.process = process;
        Port = port;
        Password = password;
    }

    public StoreKind Kind { get; }
    public int Port { get; }
    public string Password { get; }
    public int ProcessId => process.Id;
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},password={Password}");
    public string Version { get; private set; } = "?";

    public static async Task<StoreServer> StartAsync(StoreKind kind, BenchPaths paths, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var log = Path.Combine(paths.LogDirectory, $"{kind.ToString().ToLowerInvariant()}.log");
        var process = kind switch
        {
            StoreKind.Redis => ChildProcess.Start("redis-server", "redis-server",
                ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--requirepass", password, "--protected-mode", "no"], log),
            _ => ChildProcess.Start("Garnet", "dotnet",
                [paths.GarnetHostDll, "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua"], log,
                new Dictionary<string, string?> { ["GARNET_PASSWORD"] = password }),
        };
        var server = new StoreServer(kind, process, port, password);
        try
        {
            await process.WaitForPortAsync(port, TimeSpan.FromSeconds(30), cancellationToken);
            using var resp = await server.ConnectAsync(cancellationToken);
            var info = await resp.InfoAsync("server", cancellationToken);
            server.Version = info.TryGetValue("redis_version", out var version) ? version : "?";
            if (kind == StoreKind.Garnet && info.TryGetValue("garnet_version", out var garnet))
            {
                server.Version = garnet;
            }
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public Task<RespClient> ConnectAsync(CancellationToken cancellationToken) => RespClient.ConnectAsync(Port, Password, cancellationToken);

    /// <summary>Memory the store reports as used by data, in bytes, or null when its INFO has no such field.</summary>
    public async Task<long?> UsedMemoryAsync(CancellationToken cancellationToken)
    {
        using var resp = await ConnectAsync(cancellationToken);
        var info = await resp.InfoAsync("memory", cancellationToken);
        foreach (var field in new[] { "used_memory", "proc_physical_memory_size" })
        {
            if (info.TryGetValue(field, out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var bytes))
            {
                return bytes;
            }
        }
        return null;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        using var resp = await ConnectAsync(cancellationToken);
        await resp.CommandAsync(cancellationToken, "FLUSHALL");
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
