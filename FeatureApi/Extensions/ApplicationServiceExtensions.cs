using FeatureApi.Diagnostics;
using FeatureApi.Features;
using FeatureApi.Pipeline;
using FeatureApi.Registry;
using FeatureApi.Requests;
using FeatureApi.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FeatureApi.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddFeatureTelemetry();
        builder.AddApiKeyAuthentication();
        builder.AddApiRateLimits();
        // The client's own health check would report a store outage as Unhealthy; StoreHealthCheck reports it as Degraded.
        builder.AddRedisClient("redis", settings => settings.DisableHealthChecks = true, configureOptions: redis =>
        {
            // A request must never wait for a reconnect: while the store is down, commands fail at once and the
            // pipeline serves defaults; the multiplexer reconnects on its own and service resumes.
            redis.AbortOnConnectFail = false;
            redis.BacklogPolicy = BacklogPolicy.FailFast;
            redis.ConnectTimeout = 2000;
            // How often the multiplexer re-reads the store's topology. On a cluster whose primary died, commands for
            // its slots fail at once and never reach a node that could redirect them, so only this re-read finds the
            // promoted replica: every 2 s (the cluster's node timeout) rather than the default minute.
            redis.ConfigCheckSeconds = 2;
            // Replies complete on the .NET thread pool rather than a dedicated pool of ten reader threads: on a
            // machine with few cores those extra threads cost context switches on every request.
            redis.SocketManager = SocketManager.ThreadPool;
        });

        builder.Services.AddOptions<FeatureServingOptions>()
            .Bind(builder.Configuration.GetSection(FeatureServingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.AddRequestBinding();
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestBodySize = builder.Configuration
                .GetSection(FeatureServingOptions.SectionName).GetValue(nameof(FeatureServingOptions.MaxRequestBodyBytes), new FeatureServingOptions().MaxRequestBodyBytes));

        // One instance for the process (AddCheck<T> would make one per check), so its answer is shared for up to a second.
        builder.Services.AddSingleton<StoreHealthCheck>();
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(StoreHealthCheck.Name, services => services.GetRequiredService<StoreHealthCheck>(),
                HealthStatus.Degraded, tags: ["ready"]))
            .AddCheck<RegistryHealthCheck>(RegistryHealthCheck.Name, failureStatus: HealthStatus.Degraded, tags: ["ready"])
            .AddCheck<NearCacheHealthCheck>(NearCacheHealthCheck.Name, failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddFeatureRegistry();
        builder.Services.AddSingleton<FeatureMetrics>();
        builder.Services.AddSingleton<StoreAvailability>();
        builder.Services.AddSingleton<StoredFeatureCache>();
        builder.Services.AddSingleton<CacheInvalidation>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CacheInvalidation>());
        builder.Services.AddSingleton<RedisFeatureStore>();
        builder.Services.AddSingleton<StoreDiagnostics>();
        builder.Services.AddSingleton<LiveEventWriter>();
        builder.Services.AddSingleton<ExtractionPipeline>();

        return builder;
    }

    /// <summary>
    /// The repository served: versions in the store, the version this process serves, and, per request, the one
    /// <see cref="FeatureRegistry"/> it reads (scoped: its validation and its handler see the same version).
    /// </summary>
    private static IServiceCollection AddFeatureRegistry(this IServiceCollection services)
    {
        services.AddSingleton<RegistryStore>();
        services.AddSingleton<ServingRegistry>();
        services.AddSingleton<RegistryRefresher>();
        services.AddHostedService(provider => provider.GetRequiredService<RegistryRefresher>());
        services.AddScoped(provider => provider.GetRequiredService<ServingRegistry>().Current);
        services.AddSingleton<Benchmarks.CompiledCatalog>();
        services.AddSingleton<Benchmarks.StraightforwardExtraction>();
        services.AddSingleton<Benchmarks.NaiveExtraction>();
        return services;
    }
}
