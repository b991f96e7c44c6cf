using FeatureAspire.Store.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeatureAspire.AppHost.Store;

/// <summary>
/// Runs the official Redis image (Aspire.Hosting.Redis) hardened like the executable stores: redis-server reads the
/// same kind of owner-only configuration file (the users, FeatureApi's least-privilege one included, and the memory
/// bound), bind-mounted read-only, and nothing secret is on its command line or in its environment.
/// </summary>
internal static class StoreContainerBuilderExtensions
{
    /// <summary>Where the store's private configuration directory appears inside the container.</summary>
    public const string ConfigurationMount = "/etc/featureaspire";

    /// <summary>The configuration file as redis-server inside the container names it.</summary>
    public const string ConfigurationFile = $"{ConfigurationMount}/{StoreConfiguration.RedisConfigFile}";

    public static IResourceBuilder<RedisResource> AddStoreContainer(this IDistributedApplicationBuilder builder, string name)
    {
        var passwords = StorePasswords.Add(builder, name);
        var maxMemory = StoreMemoryLimit.Parse(builder.Configuration[StoreMemoryLimit.ConfigurationKey]);
        // Created with the model, because a bind mount names its source up front; the file is written at each start,
        // when the parameters have values, and the directory removed when the AppHost stops.
        var configuration = PrivateDirectory.Create();
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(configuration.Dispose);
            return Task.CompletedTask;
        });

        // Given the store's administrator password so it does not generate a second "redis-password", then told there
        // is none: with one, AddRedis starts redis-server with --requirepass from the container's environment
        // (REDIS_PASSWORD) and hands the administrator's password to every consumer (REDIS_PASSWORD, REDIS_URI).
        // The configuration file sets both users' passwords instead.
        var redis = builder.AddRedis(name, password: builder.CreateResourceBuilder(passwords.Admin))
            .WithPassword(null)
            .WithBindMount(configuration.Path, ConfigurationMount, isReadOnly: true);
        return redis
            // After AddRedis's "redis-server": the configuration file must be its first argument.
            .WithArgs(async context =>
            {
                var settings = new StoreLaunchSettings(
                    redis.Resource.PrimaryEndpoint.TargetPort ?? throw new InvalidOperationException($"The Redis container '{name}' has no target port."),
                    await passwords.GetCredentialsAsync(context.CancellationToken),
                    maxMemory);
                configuration.WriteSecretFile(StoreConfiguration.RedisConfigFile, StoreConfiguration.RedisContainerConfig(settings));
                context.Args.Add(ConfigurationFile);
            })
            .WithConnectionStringRedirection(new StoreContainerConnection(redis.Resource, passwords.Api));
    }
}
