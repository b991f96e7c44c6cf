namespace FeatureAspire.Store.Hosting;

/// <summary>
/// Everything needed to start one store outside the AppHost (tests, benchmark): a free port, fresh credentials, the
/// configuration in a private directory and the server's arguments. The caller runs the process; disposing the
/// launch deletes the directory.
/// </summary>
public sealed class StoreLaunch : IDisposable
{
    private readonly PrivateDirectory directory;

    private StoreLaunch(StoreServerKind kind, StoreLaunchSettings settings, PrivateDirectory directory)
    {
        Kind = kind;
        Settings = settings;
        this.directory = directory;
        Arguments = StoreConfiguration.Write(kind, settings, directory);
    }

    public StoreServerKind Kind { get; }
    public StoreLaunchSettings Settings { get; }
    public int Port => Settings.Port;

    /// <summary>The server's arguments (for Garnet without the host: embedded, they go to <c>new GarnetServer(args)</c>).</summary>
    public IReadOnlyList<string> Arguments { get; }

    public string Directory => directory.Path;

    /// <summary>What FeatureApi is given: the least-privilege <see cref="StoreAccess.ApiUser"/>.</summary>
    public string ApiConnectionString => $"127.0.0.1:{Port},user={StoreAccess.ApiUser},password={Settings.Credentials.ApiPassword}";

    /// <summary>The default user with admin commands enabled: for arranging, inspecting and flushing data.</summary>
    public string AdminConnectionString => $"127.0.0.1:{Port},password={Settings.Credentials.AdminPassword},allowAdmin=true";

    /// <param name="kind">The server.</param>
    /// <param name="port">A port to reuse (to bring a stopped store back where its clients expect it); a free one otherwise.</param>
    /// <param name="credentials">Passwords to reuse; fresh ones otherwise.</param>
    /// <param name="maxMemory">redis-server's memory bound.</param>
    /// <param name="clusterNode">Whether the redis-server is a node of a cluster that <see cref="RedisCluster"/> forms.</param>
    public static StoreLaunch Prepare(StoreServerKind kind, int? port = null, StoreCredentials? credentials = null, string? maxMemory = null,
        bool clusterNode = false) =>
        new(kind, new StoreLaunchSettings(port ?? (clusterNode ? LoopbackPort.FreeForClusterNode() : LoopbackPort.Free()), credentials ?? StoreCredentials.Generate(), StoreMemoryLimit.Parse(maxMemory), clusterNode),
            PrivateDirectory.Create());

    /// <summary>Waits until the store lets FeatureApi's user in and answers PING; fails early if it died.</summary>
    public Task WaitUntilReadyAsync(Func<bool> isRunning, TimeSpan timeout, CancellationToken cancellationToken) =>
        StoreProbe.WaitUntilReadyAsync(ApiConnectionString, isRunning, timeout, cancellationToken);

    public void Dispose() => directory.Dispose();
}
