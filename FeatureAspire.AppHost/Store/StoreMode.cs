namespace FeatureAspire.AppHost.Store;

/// <summary>Which server backs the <c>redis</c> resource; chosen with the <c>Store:Mode</c> setting.</summary>
public enum StoreMode
{
    /// <summary>redis-server when it is on PATH, embedded Garnet otherwise.</summary>
    Auto,
    /// <summary>redis-server from PATH, run as an executable.</summary>
    RedisServer,
    /// <summary>Microsoft Garnet, embedded in a small .NET host.</summary>
    Garnet,
    /// <summary>A Redis Cluster of redis-server executables: 3 primaries, 3 replicas.</summary>
    Cluster,
    /// <summary>The official Redis image; needs Docker or Podman.</summary>
    Container,
    /// <summary>A server the AppHost does not start, given by <c>ConnectionStrings:redis</c>.</summary>
    External,
}

public static class StoreModes
{
    public const string ConfigurationKey = "Store:Mode";

    /// <summary>Reads the mode from its kebab-case setting ("auto", "redis-server", "garnet", "cluster", "container", "external").</summary>
    public static StoreMode Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => StoreMode.Auto,
        "redis-server" or "redis" => StoreMode.RedisServer,
        "garnet" => StoreMode.Garnet,
        "cluster" => StoreMode.Cluster,
        "container" => StoreMode.Container,
        "external" => StoreMode.External,
        _ => throw new InvalidOperationException(
            $"{ConfigurationKey} is '{value}'; expected auto, redis-server, garnet, cluster, container or external."),
    };

    /// <summary>Turns <see cref="StoreMode.Auto"/> into the concrete mode this machine supports.</summary>
    /// <param name="mode">The requested mode.</param>
    /// <param name="redisServer">Where redis-server is on PATH, or null.</param>
    public static StoreMode Resolve(StoreMode mode, string? redisServer) =>
        mode is StoreMode.Auto
            ? redisServer is null ? StoreMode.Garnet : StoreMode.RedisServer
            : mode;

    public static string ToSettingValue(this StoreMode mode) => mode switch
    {
        StoreMode.RedisServer => "redis-server",
        _ => mode.ToString().ToLowerInvariant(),
    };
}
