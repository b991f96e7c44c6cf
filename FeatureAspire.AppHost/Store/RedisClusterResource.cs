using FeatureAspire.Store.Hosting;

namespace FeatureAspire.AppHost.Store;

/// <summary>
/// A Redis Cluster the AppHost forms from its <see cref="Nodes"/> (redis-server executables, shown beneath it in the
/// dashboard). Consumers get the node list as their connection string and wait until the cluster reports
/// <c>cluster_state:ok</c>.
/// </summary>
public sealed class RedisClusterResource(string name, StorePasswords passwords) : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    private readonly List<StoreServerResource> nodes = [];

    public IReadOnlyList<StoreServerResource> Nodes => nodes;

    public StorePasswords Passwords { get; } = passwords;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var expression = new ReferenceExpressionBuilder();
            foreach (var node in nodes)
            {
                expression.Append($"127.0.0.1:{node.PrimaryEndpoint.Property(EndpointProperty.Port)},");
            }
            expression.Append($"user={StoreAccess.ApiUser},password={Passwords.Api}");
            return expression.Build();
        }
    }

    internal void Add(StoreServerResource node) => nodes.Add(node);
}
