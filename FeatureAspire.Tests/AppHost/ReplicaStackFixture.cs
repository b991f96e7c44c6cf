using FeatureAspire.AppHost.Services;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.AppHost;

/// <summary>
/// One AppHost with <c>FeatureApi:Replicas=3</c> (Garnet store) shared by the replica tests, so they pay the slow
/// start once, and each replica's own address as the running replicas report it.
/// </summary>
public sealed class ReplicaStackFixture : IAsyncLifetime
{
    public const int Replicas = 3;

    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The stack has not started.");

    public IReadOnlyList<Uri> ReplicaAddresses { get; private set; } = [];

    public async Task InitializeAsync()
    {
        app = await FeatureAspireApp.StartAsync("garnet", settings: [$"--FeatureApi:Replicas={Replicas}"]);
        var featureApi = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "featureapi");
        using var timeout = new CancellationTokenSource(FeatureAspireApp.StartTimeout);
        var addresses = await ReplicaEndpointsExtensions.ReplicaAddressesAsync(App.ResourceNotifications, featureApi, timeout.Token);
        ReplicaAddresses = [.. addresses.Select(address => new Uri(address))];
    }

    /// <summary>A client of one replica, past the proxy, with the developer's key.</summary>
    public async Task<HttpClient> ReplicaClientAsync(Uri replica)
    {
        var client = new HttpClient { BaseAddress = replica, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-API-Key", await App.GetSecretAsync("developer-api-key"));
        return client;
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
