using FeatureAspire.Store.Hosting;

namespace FeatureAspire.AppHost.Store;

/// <summary>
/// A RESP server process the AppHost owns (redis-server or the embedded Garnet host). Consumers get its
/// connection string through <c>WithReference</c> and really wait for the process through <c>WaitFor</c>.
/// Its configuration, passwords included, lives in an owner-only file in a private directory, never on its
/// command line; the directory is written at each start and deleted when the AppHost stops.
/// </summary>
public sealed class StoreServerResource(
    string name, string command, string workingDirectory, StoreMode mode, int port, string maxMemory, StorePasswords passwords)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    private PrivateDirectory? configuration;

    /// <summary>The concrete server behind this resource (redis-server, Garnet, or a redis-server cluster node).</summary>
    public StoreMode Mode { get; } = mode;

    /// <summary>The fixed loopback port (not proxied: the admin's probe measures the store, not a proxy).</summary>
    public int Port { get; } = port;

    /// <summary>redis-server's memory bound, from <c>Store:MaxMemory</c>.</summary>
    public string MaxMemory { get; } = maxMemory;

    /// <summary>The default user's password: administration and nothing else.</summary>
    public ParameterResource PasswordParameter => passwords.Admin;

    /// <summary>The password of <see cref="StoreAccess.ApiUser"/>, the least-privilege user consumers connect as.</summary>
    public ParameterResource ApiPasswordParameter => passwords.Api;

    /// <summary>The private directory holding the configuration while the store runs, or null before its first start.</summary>
    public string? ConfigurationDirectory => configuration?.Path;

    public EndpointReference PrimaryEndpoint => field ??= new(this, EndpointName);

    // 127.0.0.1 rather than "localhost": the servers bind IPv4 loopback only, and localhost may resolve to ::1 first.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.Port)},user={StoreAccess.ApiUser},password={ApiPasswordParameter}");

    private StoreServerKind Kind => Mode == StoreMode.Garnet ? StoreServerKind.Garnet : StoreServerKind.Redis;

    private bool ClusterNode => Mode == StoreMode.Cluster;

    /// <summary>Writes the configuration with the parameters' values; returns the server's arguments.</summary>
    internal async Task<IReadOnlyList<string>> WriteConfigurationAsync(CancellationToken cancellationToken)
    {
        var credentials = await passwords.GetCredentialsAsync(cancellationToken);
        configuration ??= PrivateDirectory.Create();
        return StoreConfiguration.Write(Kind, new StoreLaunchSettings(Port, credentials, MaxMemory, ClusterNode), configuration);
    }

    internal void DeleteConfiguration() => configuration?.Dispose();
}
