using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Admin;

/// <summary>
/// One AppHost (Garnet store) shared by every admin test that needs the real stack, so the suite pays the start
/// and stop once.
/// </summary>
public sealed class AdminStackFixture : IAsyncLifetime
{
    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The stack has not started.");

    /// <summary>The admin's own address, as a browser would open it.</summary>
    public Uri AdminUrl => App.GetEndpoint("featureadmin", "http");

    public async Task InitializeAsync() => app = await FeatureAspireApp.StartAsync("garnet");

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AdminStackCollection : ICollectionFixture<AdminStackFixture>
{
    public const string Name = "Admin stack";
}
