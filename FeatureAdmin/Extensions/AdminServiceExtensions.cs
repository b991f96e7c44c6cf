using FeatureAdmin.Api;
using FeatureAdmin.Probe;
using FeatureAdmin.Seeding;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAdmin.Extensions;

internal static class AdminServiceExtensions
{
    /// <summary>The admin's UI, its featureapi clients (JSON and gRPC), the seeder, the probe, the replica checks and the store's overview.</summary>
    public static IHostApplicationBuilder AddAdminServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddFluentUIComponents();

        // The admin is where a person looks when featureapi is down, so its own health does not follow featureapi's.
        builder.AddFeatureApiClient(FeatureApiService.ServiceName, settings => settings.DisableHealthChecks = true);
        // Try it's gRPC transport: featureapi's grpc endpoint by service discovery, and the same key read from the same settings.
        builder.AddFeatureApiGrpcClient(FeatureApiService.ServiceName);
        FeatureApiKey.Register(builder);
        builder.Services.AddTransient<FeatureApiKeyHandler>();
        builder.Services.AddScoped<FeatureCatalog>();
        builder.Services.AddTransient<EntitySeeder>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        ProbeClients.Register(builder.Services);
        ReplicaStatus.Register(builder.Services);
        builder.Services.AddSingleton<ReplicaVersions>();
        return builder;
    }
}
