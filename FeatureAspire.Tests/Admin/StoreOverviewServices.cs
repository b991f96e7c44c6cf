using FeatureAdmin.Api;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Admin;

/// <summary>The admin's store overview wired the way the admin wires it, its requests answered by a test handler.</summary>
internal static class StoreOverviewServices
{
    public static IServiceCollection AddStoreOverview(this IServiceCollection services, HttpMessageHandler handler, string apiKey)
    {
        services.AddSingleton(new FeatureApiKey(apiKey)).AddTransient<FeatureApiKeyHandler>();
        StoreOverviewReader.Register(services);
        services.AddHttpClient(StoreOverviewReader.ClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services;
    }
}
