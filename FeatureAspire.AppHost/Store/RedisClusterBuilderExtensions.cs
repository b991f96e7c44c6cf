using FeatureAspire.Store.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FeatureAspire.AppHost.Store;

/// <summary>Runs a Redis Cluster of redis-server executables (3 primaries, 3 replicas) as one store resource.</summary>
internal static class RedisClusterBuilderExtensions
{
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromMinutes(2);

    public static IResourceBuilder<RedisClusterResource> AddRedisCluster(this IDistributedApplicationBuilder builder, string name)
    {
        var cluster = builder.AddResource(new RedisClusterResource(name, StorePasswords.Add(builder, name)))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "RedisCluster",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            });
        for (var i = 0; i < RedisCluster.Nodes; i++)
        {
            var node = builder.AddStoreServer($"{name}-node-{i}", StoreMode.Cluster, cluster.Resource.Passwords)
                .WithParentRelationship(cluster);
            cluster.Resource.Add(node.Resource);
        }

        // Formed in the background: the nodes start after this event, and the cluster waits for them.
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = FormAsync(cluster.Resource, @event.Services, stopping);
            return Task.CompletedTask;
        });
        return cluster.WithConsumerHealthCheck(builder);
    }

    /// <summary>Once every node listens, assigns slots and replicas, then reports the cluster running.</summary>
    private static async Task FormAsync(RedisClusterResource cluster, IServiceProvider services, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(cluster);
        try
        {
            await notifications.PublishUpdateAsync(cluster, state => state with { State = KnownResourceStates.Starting });
            foreach (var node in cluster.Nodes)
            {
                await notifications.WaitForResourceAsync(node.Name, KnownResourceStates.Running, cancellationToken);
            }
            var adminPassword = await cluster.Passwords.Admin.GetValueAsync(cancellationToken) ?? "";
            await RedisCluster.CreateAsync([.. cluster.Nodes.Select(node => node.Port)], adminPassword, FormationTimeout, cancellationToken);
            logger.LogInformation("Redis Cluster formed: {Primaries} primaries, {Replicas} replicas, cluster_state:ok.",
                RedisCluster.Primaries, RedisCluster.Primaries * RedisCluster.ReplicasPerPrimary);
            await notifications.PublishUpdateAsync(cluster, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost stopped while the cluster was forming.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The Redis Cluster could not be formed.");
            await notifications.PublishUpdateAsync(cluster, state => state with { State = KnownResourceStates.FailedToStart });
        }
    }
}
