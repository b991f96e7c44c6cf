using System.Globalization;
using FeatureAspire.Store.Hosting;
using StackExchange.Redis;

namespace FeatureAspire.Bench.Processes;

/// <summary>Which store a run measures.</summary>
internal enum StoreKind
{
    Redis,
    Garnet,

    /// <summary>A Redis Cluster of redis-server nodes: <see cref="RedisCluster.Primaries"/> primaries, each with a replica.</summary>
    Cluster,
}

internal static class StoreKindNames
{
    /// <summary>The name in result files and on the command line.</summary>
    public static string Name(this StoreKind kind) => kind.ToString().ToLowerInvariant();
}

/// <summary>One store process and its role, for the per-node CPU split.</summary>
internal sealed record StoreNode(string Label, int Port, ChildProcess Process)
{
    public int ProcessId => Process.Id;
}

/// <summary>
/// A store on free loopback ports, started by the shared launcher exactly as the AppHost starts it: redis-server 7
/// (no persistence, memory bound, FeatureApi's least-privilege user), Garnet with Lua and the same users, or a Redis
/// Cluster of such redis-servers formed like the AppHost's <c>Store:Mode=cluster</c>.
/// </summary>
internal sealed class StoreServer : IAsyncDisposable
{
    private readonly IReadOnlyList<StoreLaunch> launches;
    private readonly string adminConnectionString;

    private StoreServer(StoreKind kind, IReadOnlyList<StoreNode> nodes, IReadOnlyList<StoreLaunch> launches, string connectionString, string adminConnectionString)
    {
        Kind = kind;
        Nodes = nodes;
        this.launches = launches;
        ConnectionString = connectionString;
        this.adminConnectionString = adminConnectionString;
    }

    public StoreKind Kind { get; }

    /// <summary>Every store process: one for redis-server and Garnet, primaries first then replicas for a cluster.</summary>
    public IReadOnlyList<StoreNode> Nodes { get; }

    public IReadOnlyList<int> ProcessIds => [.. Nodes.Select(node => node.ProcessId)];

    /// <summary>The first node's port, for tools that speak to one server (redis-benchmark).</summary>
    public int Port => Nodes[0].Port;

    /// <summary>The default user's password, for tools that speak to the store directly (redis-benchmark <c>-a</c>).</summary>
    public string Password => launches[0].Settings.Credentials.AdminPassword;

    /// <summary>What FeatureApi is given: its least-privilege user, as under the AppHost (the node list on a cluster).</summary>
    public string ConnectionString { get; }

    public string Version { get; private set; } = "?";

    private IEnumerable<StoreNode> Primaries => Kind == StoreKind.Cluster ? Nodes.Take(RedisCluster.Primaries) : Nodes;

    public static async Task<StoreServer> StartAsync(StoreKind kind, BenchPaths paths, CancellationToken cancellationToken)
    {
        var server = kind == StoreKind.Cluster
            ? await StartClusterAsync(paths, cancellationToken)
            : await StartSingleAsync(kind, paths, cancellationToken);
        try
        {
            var info = await server.InfoAsync(server.Nodes[0], "server");
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

    private static async Task<StoreServer> StartSingleAsync(StoreKind kind, BenchPaths paths, CancellationToken cancellationToken)
    {
        var launch = StoreLaunch.Prepare(kind == StoreKind.Redis ? StoreServerKind.Redis : StoreServerKind.Garnet);
        var log = Path.Combine(paths.LogDirectory, $"{kind.Name()}.log");
        var process = kind switch
        {
            StoreKind.Redis => ChildProcess.Start("redis-server", RedisServerExecutable.Name, launch.Arguments, log),
            _ => ChildProcess.Start("Garnet", "dotnet", [paths.GarnetHostDll, .. launch.Arguments], log),
        };
        var server = new StoreServer(kind, [new StoreNode(kind == StoreKind.Redis ? "redis-server" : "Garnet", launch.Port, process)], [launch],
            launch.ApiConnectionString, launch.AdminConnectionString);
        try
        {
            await launch.WaitUntilReadyAsync(() => !process.HasExited, TimeSpan.FromSeconds(30), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Six cluster-enabled redis-servers sharing one set of credentials, formed into a cluster by the shared
    /// launcher: nodes 1–3 own the slots, node 4+k replicates node 1+k.
    /// </summary>
    private static async Task<StoreServer> StartClusterAsync(BenchPaths paths, CancellationToken cancellationToken)
    {
        var credentials = StoreCredentials.Generate();
        var launches = new List<StoreLaunch>();
        var nodes = new List<StoreNode>();
        for (var i = 0; i < RedisCluster.Nodes; i++)
        {
            var launch = StoreLaunch.Prepare(StoreServerKind.Redis, credentials: credentials, clusterNode: true);
            launches.Add(launch);
            var label = i < RedisCluster.Primaries
                ? string.Create(CultureInfo.InvariantCulture, $"primary {i + 1}")
                : string.Create(CultureInfo.InvariantCulture, $"replica {i % RedisCluster.Primaries + 1}");
            nodes.Add(new StoreNode(label, launch.Port, ChildProcess.Start($"redis-server {label}", RedisServerExecutable.Name, launch.Arguments,
                Path.Combine(paths.LogDirectory, $"cluster-node{i + 1}.log"))));
        }
        var ports = nodes.Select(node => node.Port).ToList();
        var server = new StoreServer(StoreKind.Cluster, nodes, launches,
            RedisCluster.ApiConnectionString(ports, credentials), RedisCluster.AdminConnectionString(ports, credentials));
        try
        {
            await RedisCluster.CreateAsync(ports, credentials.AdminPassword, TimeSpan.FromSeconds(60), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Memory the store reports as used by data, in bytes (summed over a cluster's primaries: replicas hold copies),
    /// or null when its INFO has no such field.
    /// </summary>
    public async Task<long?> UsedMemoryAsync(CancellationToken cancellationToken)
    {
        long? total = null;
        foreach (var node in Primaries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = await InfoAsync(node, "memory");
            var field = new[] { "used_memory", "proc_physical_memory_size" }.FirstOrDefault(info.ContainsKey);
            if (field is null || !long.TryParse(info[field], CultureInfo.InvariantCulture, out var bytes))
            {
                return null;
            }
            total = (total ?? 0) + bytes;
        }
        return total;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(adminConnectionString);
        foreach (var node in Primaries)
        {
            await admin.GetServer("127.0.0.1", node.Port).FlushAllDatabasesAsync();
        }
    }

    /// <summary>INFO &lt;section&gt; of one node as field → value, parsed by StackExchange.Redis.</summary>
    private async Task<Dictionary<string, string>> InfoAsync(StoreNode node, string section)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(adminConnectionString);
        var groups = await admin.GetServer("127.0.0.1", node.Port).InfoAsync(section);
        return groups.SelectMany(group => group).GroupBy(pair => pair.Key).ToDictionary(g => g.Key, g => g.First().Value);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.Process.DisposeAsync();
        }
        foreach (var launch in launches)
        {
            launch.Dispose();
        }
    }
}
