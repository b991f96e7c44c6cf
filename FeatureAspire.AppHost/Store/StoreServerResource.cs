namespace FeatureAspire.AppHost.Store;

/// <summary>
/// A RESP server process the AppHost owns (redis-server or the embedded Garnet host). Consumers get its
/// connection string through <c>WithReference</c> and really wait for the process through <c>WaitFor</c>.
/// </summary>
public sealed class StoreServerResource(string name, string command, string workingDirectory, ParameterResource password, StoreMode mode)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The concrete server behind this resource (redis-server or Garnet).</summary>
    public StoreMode Mode { get; } = mode;

    public EndpointReference PrimaryEndpoint => field ??= new(this, EndpointName);

    // 127.0.0.1 rather than "localhost": the servers bind IPv4 loopback only, and localhost may resolve to ::1 first.
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
