using System.Globalization;

namespace FeatureAspire.Store.Hosting;

/// <summary>
/// Writes a store's configuration into a private directory and returns the server's arguments. Secrets live only in
/// those owner-only files, never on the command line, where any local user could read them (<c>/proc/*/cmdline</c>).
/// </summary>
public static class StoreConfiguration
{
    public const string RedisConfigFile = "redis.conf";
    public const string GarnetAclFile = "users.acl";

    /// <summary>The official Redis image's working directory (a volume it declares, writable by redis-server).</summary>
    public const string ContainerDataDirectory = "/data";

    public static IReadOnlyList<string> Write(StoreServerKind kind, StoreLaunchSettings settings, PrivateDirectory directory) => kind switch
    {
        StoreServerKind.Redis => [directory.WriteSecretFile(RedisConfigFile, RedisConfig(settings, directory.Path))],
        _ => GarnetArguments(settings, directory.WriteSecretFile(GarnetAclFile, AclFile(kind, settings.Credentials))),
    };

    /// <summary>redis-server's configuration: loopback only, nothing written to disk, bounded memory, two users.</summary>
    public static string RedisConfig(StoreLaunchSettings settings, string directory) => RedisConfig(settings, "127.0.0.1", directory);

    /// <summary>
    /// The same configuration for redis-server inside a container (the official Redis image), which differs in two
    /// lines: it listens on the container's own interfaces, because the container runtime's port mapping reaches it
    /// there and never on the container's loopback, and it works in the image's <see cref="ContainerDataDirectory"/>,
    /// because the host's directory does not exist inside the container.
    /// </summary>
    /// <param name="settings">The store's settings; <see cref="StoreLaunchSettings.Port"/> is the port inside the container.</param>
    public static string RedisContainerConfig(StoreLaunchSettings settings) => RedisConfig(settings, "* -::*", ContainerDataDirectory);

    /// <param name="settings">The store's settings.</param>
    /// <param name="bind">The addresses redis-server listens on, in its <c>bind</c> syntax.</param>
    /// <param name="directory">redis-server's working directory, as the server sees it.</param>
    private static string RedisConfig(StoreLaunchSettings settings, string bind, string directory) =>
        string.Join('\n',
        [
            "# Written by FeatureAspire for one run of the store; deleted when the run ends.",
            string.Create(CultureInfo.InvariantCulture, $"port {settings.Port}"),
            $"bind {bind}",
            "protected-mode yes",
            $"dir \"{directory}\"",
            // A development and test store: nothing is written to disk unless asked for.
            "save \"\"",
            "appendonly no",
            $"maxmemory {StoreMemoryLimit.Parse(settings.MaxMemory)}",
            "maxmemory-policy noeviction",
            .. StoreAccess.Rules(StoreServerKind.Redis, settings.Credentials),
            .. settings.ClusterNode ? ClusterNodeConfig(settings) : [],
            "",
        ]);

    /// <summary>
    /// A cluster node: its cluster state in its own directory, a short node timeout so a failed primary's replica
    /// takes over within seconds, and replication authenticated as the administrator.
    /// </summary>
    private static string[] ClusterNodeConfig(StoreLaunchSettings settings) =>
    [
        "cluster-enabled yes",
        "cluster-config-file nodes.conf",
        string.Create(CultureInfo.InvariantCulture, $"cluster-node-timeout {RedisCluster.NodeTimeout.TotalMilliseconds}"),
        "masteruser default",
        $"masterauth {settings.Credentials.AdminPassword}",
    ];

    private static string AclFile(StoreServerKind kind, StoreCredentials credentials) =>
        string.Join('\n', StoreAccess.Rules(kind, credentials)) + "\n";

    /// <summary>
    /// Garnet's options: Lua on (feature writes use scripts; Garnet leaves it off unless asked) and the users from
    /// the ACL file. No memory bound: past its memory Garnet evicts (or spills to a disk tier), it cannot refuse writes.
    /// </summary>
    private static IReadOnlyList<string> GarnetArguments(StoreLaunchSettings settings, string aclFile) =>
        ["--port", settings.Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua", "--auth", "Acl", "--acl-file", aclFile];
}
