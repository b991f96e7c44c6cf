using FeatureAdmin.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Admin;

/// <summary>The admin's replica check wired the way the admin wires it, with service discovery read from test configuration.</summary>
internal static class ReplicaStatusServices
{
    /// <summary>
    /// Registers <see cref="ReplicaStatus"/> with service discovery read from <paramref name="configuration"/>, every
    /// replica's <c>/health</c> answered by <paramref name="handler"/>.
    /// </summary>
    public static IServiceCollection AddReplicaStatus(this IServiceCollection services, Dictionary<string, string?> configuration, HttpMessageHandler handler)
    {
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())
            .AddLogging()
            .AddServiceDiscovery();
        ReplicaStatus.Register(services);
        services.AddHttpClient(ReplicaStatus.ClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services;
    }

    /// <summary>Service discovery's configuration listing <paramref name="addresses"/> as featureapi's replicas, the way the AppHost lists them.</summary>
    public static Dictionary<string, string?> ReplicaList(IEnumerable<Uri> addresses) =>
        addresses.Select((address, i) => (address, i))
            .ToDictionary(pair => $"services:featureapi:replicas:{pair.i}", pair => (string?)pair.address.ToString());
}
