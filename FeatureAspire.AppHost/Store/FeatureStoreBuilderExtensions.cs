using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace FeatureAspire.AppHost.Store;

public static class FeatureStoreBuilderExtensions
{
    /// <summary>
    /// Adds the feature store as one resource named <paramref name="name"/> whatever serves it, so consumers only ever
    /// see a Redis connection string. <c>Store:Mode</c> picks the server (see <see cref="StoreMode"/>).
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddFeatureStore(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var requested = StoreModes.Parse(builder.Configuration[StoreModes.ConfigurationKey]);
        var redisServer = StoreModes.FindOnPath(StoreModes.RedisServerExecutable);
        var mode = StoreModes.Resolve(requested, _ => redisServer);

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FeatureAspire.Store").LogInformation(
                "Feature store '{Name}' is served by {Mode} (Store:Mode = {Requested}).", name, Describe(mode, redisServer), requested.ToSettingValue());
            return Task.CompletedTask;
        });

        return mode switch
        {
            StoreMode.RedisServer => builder.AddRedisServer(name),
            StoreMode.Garnet => builder.AddGarnet(name),
            StoreMode.Container => builder.AddRedis(name),
            StoreMode.External => builder.AddConnectionString(name),
            _ => throw new InvalidOperationException($"Store mode {mode} cannot be started."),
        };
    }

    private static string Describe(StoreMode mode, string? redisServer) => mode switch
    {
        StoreMode.RedisServer => $"redis-server from PATH ({redisServer})",
        StoreMode.Garnet => "embedded Microsoft Garnet",
        StoreMode.Container => "the Redis container image",
        _ => "an external server (ConnectionStrings:redis)",
    };

    private static IResourceBuilder<StoreServerResource> AddRedisServer(this IDistributedApplicationBuilder builder, string name)
    {
        var password = CreatePassword(builder, name);
        return builder.AddStoreServer(new StoreServerResource(name, StoreModes.RedisServerExecutable, Path.GetTempPath(), password, StoreMode.RedisServer))
            .WithArgs(context =>
            {
                var store = (StoreServerResource)context.Resource;
                context.Args.Add("--port");
                context.Args.Add(store.PrimaryEndpoint.Property(EndpointProperty.Port));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--protected-mode");
                context.Args.Add("yes");
                // A development and test store: nothing is written to disk unless asked for.
                context.Args.Add("--save");
                context.Args.Add("");
                context.Args.Add("--appendonly");
                context.Args.Add("no");
                context.Args.Add("--requirepass");
                context.Args.Add(store.PasswordParameter);
            });
    }

    private static IResourceBuilder<StoreServerResource> AddGarnet(this IDistributedApplicationBuilder builder, string name)
    {
        var password = CreatePassword(builder, name);
        var garnetHost = typeof(FeatureStoreBuilderExtensions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "GarnetHostAssembly").Value!;

        return builder.AddStoreServer(new StoreServerResource(name, "dotnet", Path.GetDirectoryName(garnetHost)!, password, StoreMode.Garnet))
            .WithEnvironment("GARNET_PASSWORD", password)
            .WithArgs(context =>
            {
                var store = (StoreServerResource)context.Resource;
                context.Args.Add(Path.GetFullPath(garnetHost));
                context.Args.Add("--port");
                context.Args.Add(store.PrimaryEndpoint.Property(EndpointProperty.Port));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                // Feature writes use Lua scripts; Garnet leaves Lua off unless asked.
                context.Args.Add("--lua");
            });
    }

    private static ParameterResource CreatePassword(IDistributedApplicationBuilder builder, string name) =>
        // No special characters: StackExchange.Redis connection strings cannot carry commas.
        ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);

    private static IResourceBuilder<StoreServerResource> AddStoreServer(this IDistributedApplicationBuilder builder, StoreServerResource store)
    {
        var healthCheckKey = $"{store.Name}_ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new StoreServerHealthCheck(store), failureStatus: null, tags: null));

        // Not proxied: the probe in FeatureAdmin measures the store's latency, not a proxy's.
        return builder.AddResource(store)
            .WithEndpoint(StoreServerResource.EndpointName, endpoint =>
            {
                endpoint.UriScheme = "tcp";
                endpoint.Port = FreeLoopbackPort();
                endpoint.IsProxied = false;
            })
            .WithHealthCheck(healthCheckKey);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
