using System.Globalization;
using FeatureAspire.Store.Hosting;
using StackExchange.Redis;

namespace FeatureAspire.Bench.Processes;

/// <summary>Which store a run measures.</summary>
internal enum StoreKind
{
    Redis,
    Garnet,
}

/// <summary>
/// A store on a free loopback port, started by the shared launcher exactly as the AppHost starts it: redis-server 7
/// (no persistence, memory bound, FeatureApi's least-privilege user) or Garnet with Lua and the same users.
/// </summary>
internal sealed class StoreServer : IAsyncDisposable
{
    private readonly ChildProcess process;
    private readonly StoreLaunch launch;

    private StoreServer(StoreKind kind, ChildProcess process, StoreLaunch launch)
    {
        Kind = kind;
        this.process = process;
        this.launch = launch;
    }

    public StoreKind Kind { get; }
    public int Port => launch.Port;

    /// <summary>The default user's password, for tools that speak to the store directly (redis-benchmark <c>-a</c>).</summary>
    public string Password => launch.Settings.Credentials.AdminPassword;

    public int ProcessId => process.Id;

    /// <summary>What FeatureApi is given: its least-privilege user, as under the AppHost.</summary>
    public string ConnectionString => launch.ApiConnectionString;

    public string Version { get; private set; } = "?";

    public static async Task<StoreServer> StartAsync(StoreKind kind, BenchPaths paths, CancellationToken cancellationToken)
    {
        var launch = StoreLaunch.Prepare(kind == StoreKind.Redis ? StoreServerKind.Redis : StoreServerKind.Garnet);
        var log = Path.Combine(paths.LogDirectory, $"{kind.ToString().ToLowerInvariant()}.log");
        var process = kind switch
        {
            StoreKind.Redis => ChildProcess.Start("redis-server", RedisServerExecutable.Name, launch.Arguments, log),
            _ => ChildProcess.Start("Garnet", "dotnet", [paths.GarnetHostDll, .. launch.Arguments], log),
        };
        var server = new StoreServer(kind, process, launch);
        try
        {
            await launch.WaitUntilReadyAsync(() => !process.HasExited, TimeSpan.FromSeconds(30), cancellationToken);
            var info = await server.InfoAsync("server");
            // Garnet answers INFO with its own version beside a Redis compatibility one.
            server.Version = info.GetValueOrDefault("garnet_version") ?? info.GetValueOrDefault("redis_version") ?? "?";
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Memory the store reports as used by data, in bytes, or null when its INFO has no such field.</summary>
    public async Task<long?> UsedMemoryAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var info = await InfoAsync("memory");
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
        cancellationToken.ThrowIfCancellationRequested();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(launch.AdminConnectionString);
        await admin.GetServers()[0].FlushAllDatabasesAsync();
    }

    /// <summary>INFO &lt;section&gt; as field → value, parsed by StackExchange.Redis.</summary>
    private async Task<Dictionary<string, string>> InfoAsync(string section)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(launch.AdminConnectionString);
        var groups = await admin.GetServers()[0].InfoAsync(section);
        return groups.SelectMany(group => group).GroupBy(pair => pair.Key).ToDictionary(g => g.Key, g => g.First().Value);
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        launch.Dispose();
    }
}
