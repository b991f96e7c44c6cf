using FeatureAspire.Store.Hosting;
using Microsoft.Extensions.DependencyInjection;
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
        var redisServer = RedisServerExecutable.Find();
        var mode = StoreModes.Resolve(requested, redisServer);
        if (mode is StoreMode.RedisServer or StoreMode.Cluster && redisServer is null)
        {
            throw new InvalidOperationException(
                $"{StoreModes.ConfigurationKey} = {mode.ToSettingValue()} needs redis-server on PATH (apt-get install redis-server).");
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FeatureAspire.Store").LogInformation(
                "Feature store '{Name}' is served by {Mode} (Store:Mode = {Requested}).", name, Describe(mode, redisServer), requested.ToSettingValue());
            return Task.CompletedTask;
        });

        return mode switch
        {
            StoreMode.RedisServer => builder.AddStoreServer(name, StoreMode.RedisServer),
            StoreMode.Garnet => builder.AddStoreServer(name, StoreMode.Garnet),
            StoreMode.Cluster => builder.AddRedisCluster(name),
            StoreMode.Container => builder.AddStoreContainer(name),
            StoreMode.External => builder.AddConnectionString(name),
            _ => throw new InvalidOperationException($"Store mode {mode} cannot be started."),
        };
    }

    private static string Describe(StoreMode mode, string? redisServer) => mode switch
    {
        StoreMode.RedisServer => $"redis-server from PATH ({redisServer})",
        StoreMode.Garnet => "embedded Microsoft Garnet (no memory bound: Garnet cannot refuse writes past one)",
        StoreMode.Cluster => $"a Redis Cluster of {RedisCluster.Nodes} redis-server nodes from PATH ({redisServer})",
        StoreMode.Container => "the Redis container image",
        _ => "an external server (ConnectionStrings:redis)",
    };
}
