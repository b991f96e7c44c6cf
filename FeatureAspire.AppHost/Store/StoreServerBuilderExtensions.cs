using System.Reflection;
using FeatureAspire.Store.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeatureAspire.AppHost.Store;

/// <summary>Runs redis-server or the embedded Garnet host as an executable resource, configured by the shared launcher.</summary>
internal static class StoreServerBuilderExtensions
{
    public static IResourceBuilder<StoreServerResource> AddStoreServer(this IDistributedApplicationBuilder builder, string name, StoreMode mode)
    {
        var (command, workingDirectory, host) = mode == StoreMode.Garnet
            ? ("dotnet", Path.GetDirectoryName(GarnetHostAssembly)!, GarnetHostAssembly)
            : (RedisServerExecutable.Name, Path.GetTempPath(), null);
        var store = new StoreServerResource(name, command, workingDirectory, mode, LoopbackPort.Free(),
            StoreMemoryLimit.Parse(builder.Configuration[StoreMemoryLimit.ConfigurationKey]),
            adminPassword: builder.AddGeneratedSecret($"{name}-password").Resource,
            apiPassword: builder.AddGeneratedSecret($"{name}-{StoreAccess.ApiUser}-password").Resource);

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
            })
            .WithConsumerHealthCheck(builder);
    }

    /// <summary>
    /// Healthy once the user consumers get can connect and PING (the check Aspire's Redis integration uses): a
    /// listening socket alone does not prove the store, or its ACL, works.
    /// </summary>
    private static IResourceBuilder<StoreServerResource> WithConsumerHealthCheck(this IResourceBuilder<StoreServerResource> store, IDistributedApplicationBuilder builder)
    {
        string? connectionString = null;
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(store.Resource, async (_, cancellationToken) =>
            connectionString = await store.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken));

        var key = $"{store.Resource.Name}_ping";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException("The store has not started yet."), name: key);
        return store.WithHealthCheck(key);
    }

    private static string GarnetHostAssembly => field ??= typeof(StoreServerBuilderExtensions).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "GarnetHostAssembly").Value!;
}
