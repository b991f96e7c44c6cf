using System.Diagnostics;
using FeatureAspire.Store.Hosting;
using Garnet;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>
/// A real RESP server for integration tests, configured as the AppHost configures it (owner-only config file, the
/// least-privilege FeatureApi user, the memory bound): redis-server as a child process, or Garnet embedded in the
/// test process.
/// </summary>
public abstract class StoreServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private protected StoreServer(string kind, StoreLaunch launch)
    {
        Kind = kind;
        Launch = launch;
    }

    public string Kind { get; }

    /// <summary>The port, credentials, configuration directory and arguments the store was started with.</summary>
    public StoreLaunch Launch { get; }

    public int Port => Launch.Port;

    /// <summary>The password in <see cref="ConnectionString"/> (FeatureApi's user).</summary>
    public string Password => Launch.Settings.Credentials.ApiPassword;

    /// <summary>What FeatureApi is given: the least-privilege user, so every API test also proves the ACL suffices.</summary>
    public virtual string ConnectionString => Launch.ApiConnectionString;

    /// <summary>The default user, with admin commands enabled.</summary>
    private protected virtual string AdminConnectionString => Launch.AdminConnectionString;

    /// <summary>Why a store of this kind cannot run here (the reason a test reports as skipped), or null.</summary>
    public static string? Unavailable(string kind) =>
        kind is "redis" or "cluster" && RedisServerExecutable.Find() is null
            ? "redis-server is not on PATH (apt-get install redis-server); .ci/run installs it."
            : null;

    public static StoreServer Start(string kind) => kind switch
    {
        "redis" => RedisServerProcess.Start(),
        "garnet" => EmbeddedGarnet.Start(),
        "cluster" => RedisClusterServer.Start(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A direct connection as the default (admin) user, for arranging and inspecting data behind the API's back.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync() => await ConnectionMultiplexer.ConnectAsync(AdminConnectionString);

    public abstract ValueTask DisposeAsync();

    private protected abstract bool IsRunning { get; }

    /// <summary>Returns the server once FeatureApi's user can use it; stops it if it never gets there.</summary>
    private protected static T Ready<T>(T server) where T : StoreServer
    {
        try
        {
            // Tests start stores from synchronous fixtures; the probe does not capture their context.
            server.Launch.WaitUntilReadyAsync(() => server.IsRunning, StartTimeout, CancellationToken.None).GetAwaiter().GetResult();
            return server;
        }
        catch
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }
}

/// <summary>redis-server from PATH on a free loopback port, no persistence, password required.</summary>
public sealed class RedisServerProcess : StoreServer
{
    private readonly Process process;

    private int disposed;

    private RedisServerProcess(Process process, StoreLaunch launch) : base("redis", launch) => this.process = process;

    public static RedisServerProcess Start() => Start(StoreLaunch.Prepare(StoreServerKind.Redis));

    /// <summary>Starts with another memory bound than the AppHost's default (redis-server notation: 2mb, 1gb).</summary>
    public static RedisServerProcess StartWithMaxMemory(string maxMemory) => Start(StoreLaunch.Prepare(StoreServerKind.Redis, maxMemory: maxMemory));

    /// <summary>
    /// Starts on a given port with FeatureApi's password (see <see cref="StoreServer.Password"/>), for example to bring
    /// a stopped server back where its clients expect it.
    /// </summary>
    public static RedisServerProcess StartOn(int port, string password) =>
        Start(StoreLaunch.Prepare(StoreServerKind.Redis, port, StoreCredentials.Generate() with { ApiPassword = password }));

    /// <summary>A node for a Redis Cluster (see <see cref="RedisCluster.CreateAsync"/>); a cluster's nodes share their credentials.</summary>
    public static RedisServerProcess StartClusterNode(StoreCredentials credentials) =>
        Start(StoreLaunch.Prepare(StoreServerKind.Redis, credentials: credentials, clusterNode: true));

    private static RedisServerProcess Start(StoreLaunch launch)
    {
        var start = new ProcessStartInfo(RedisServerExecutable.Find() ?? throw new InvalidOperationException("redis-server is not on PATH."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in launch.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return Ready(new RedisServerProcess(process, launch));
    }

    public bool HasExited => process.HasExited;

    private protected override bool IsRunning => !HasExited;

    /// <summary>The server's process id, to look at what the operating system shows of it.</summary>
    public int ProcessId => process.Id;

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing answers, like a stalled store.</summary>
    public void Freeze() => Signal("STOP");

    public void Thaw() => Signal("CONT");

    private void Signal(string signal) =>
        Process.Start("kill", $"-{signal} {process.Id}")!.WaitForExit();

    /// <summary>Stops the server; stopping it again (a cluster stopping its nodes after a test killed one) does nothing.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        if (!process.HasExited)
        {
            Thaw();
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
        Launch.Dispose();
    }
}

/// <summary>Microsoft Garnet in the test process, with Lua on and the ACL users, as the AppHost runs it.</summary>
public sealed class EmbeddedGarnet : StoreServer
{
    private readonly GarnetServer server;

    private EmbeddedGarnet(GarnetServer server, StoreLaunch launch) : base("garnet", launch) => this.server = server;

    public static EmbeddedGarnet Start()
    {
        var launch = StoreLaunch.Prepare(StoreServerKind.Garnet);
        var server = new GarnetServer([.. launch.Arguments]);
        server.Start();
        return Ready(new EmbeddedGarnet(server, launch));
    }

    private protected override bool IsRunning => true;

    public override ValueTask DisposeAsync()
    {
        server.Dispose();
        Launch.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A Redis Cluster of six redis-server nodes (3 primaries, 3 replicas) sharing one set of credentials, formed by the
/// shared launcher as the AppHost's <c>Store:Mode=cluster</c> forms it. <see cref="StoreServer.Port"/> and
/// <see cref="StoreServer.Launch"/> are the first node's.
/// </summary>
public sealed class RedisClusterServer : StoreServer
{
    private RedisClusterServer(IReadOnlyList<RedisServerProcess> nodes) : base("cluster", nodes[0].Launch) => Nodes = nodes;

    public IReadOnlyList<RedisServerProcess> Nodes { get; }

    /// <summary>The node list, as FeatureApi's user.</summary>
    public override string ConnectionString => RedisCluster.ApiConnectionString(Nodes.Select(node => node.Port), Launch.Settings.Credentials);

    private protected override string AdminConnectionString => RedisCluster.AdminConnectionString(Nodes.Select(node => node.Port), Launch.Settings.Credentials);

    public static RedisClusterServer Start()
    {
        var credentials = StoreCredentials.Generate();
        var nodes = new List<RedisServerProcess>();
        try
        {
            for (var i = 0; i < RedisCluster.Nodes; i++)
            {
                nodes.Add(RedisServerProcess.StartClusterNode(credentials));
            }
            // Tests start stores from synchronous fixtures; the launcher does not capture their context.
            RedisCluster.CreateAsync([.. nodes.Select(node => node.Port)], credentials.AdminPassword, TimeSpan.FromMinutes(1), CancellationToken.None)
                .GetAwaiter().GetResult();
            return new RedisClusterServer(nodes);
        }
        catch
        {
            StopAsync(nodes).AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    private protected override bool IsRunning => Nodes.All(node => !node.HasExited);

    public override ValueTask DisposeAsync() => StopAsync(Nodes);

    private static async ValueTask StopAsync(IEnumerable<RedisServerProcess> nodes)
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }
}
