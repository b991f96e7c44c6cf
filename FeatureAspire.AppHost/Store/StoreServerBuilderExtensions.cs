using System.Reflection;
using FeatureAspire.Store.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeatureAspire.AppHost.Store;

/// <summary>Runs redis-server or the embedded Garnet host as an executable resource, configured by the shared launcher.</summary>
internal static class StoreServerBuilderExtensions
{
    /// <summary>A store of its own, checked as FeatureApi's user before its consumers start.</summary>
    public static IResourceBuilder<StoreServerResource> AddStoreServer(this IDistributedApplicationBuilder builder, string name, StoreMode mode) =>
        builder.AddStoreServer(name, mode, StorePasswords.Add(builder, name)).WithConsumerHealthCheck(builder);

    /// <param name="builder">The AppHost.</param>
    /// <param name="name">The resource's name.</param>
    /// <param name="mode">redis-server, Garnet, or (for a node of a cluster) <see cref="StoreMode.Cluster"/>.</param>
    /// <param name="passwords">The store's passwords, shared by the nodes of a cluster.</param>
    /// <remarks>No health check here: a cluster's nodes are checked together, as the cluster its consumers wait for.</remarks>
    public static IResourceBuilder<StoreServerResource> AddStoreServer(this IDistributedApplicationBuilder builder, string name, StoreMode mode, StorePasswords passwords)
    {
        var (command, workingDirectory, host) = mode == StoreMode.Garnet
            ? ("dotnet", Path.GetDirectoryName(GarnetHostAssembly)!, GarnetHostAssembly)
            : (RedisServerExecutable.Name, Path.GetTempPath(), null);
        var store = new StoreServerResource(name, command, workingDirectory, mode,
            mode == StoreMode.Cluster ? LoopbackPort.FreeForClusterNode() : LoopbackPort.Free(),
            StoreMemoryLimit.Parse(builder.Configuration[StoreMemoryLimit.ConfigurationKey]), passwords);

        // The configuration is written at each start, when the parameters have values, and removed at shutdown.
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(store.DeleteConfiguration);
            return Task.CompletedTask;
        });

        return builder.AddResource(store)
            .WithEndpoint(StoreServerResource.EndpointName, endpoint =>
            {
                endpoint.UriScheme = "tcp";
                endpoint.Port = store.Port;
                endpoint.IsProxied = false;
            })
            .WithArgs(async context =>
            {
                if (host is not null)
                {
                    context.Args.Add(Path.GetFullPath(host));
                }
                foreach (var argument in await store.WriteConfigurationAsync(context.CancellationToken))
                {
                    context.Args.Add(argument);
                }
            });
    }

    private static string GarnetHostAssembly => field ??= typeof(StoreServerBuilderExtensions).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "GarnetHostAssembly").Value!;
}
