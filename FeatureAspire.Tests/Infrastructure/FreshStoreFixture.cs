namespace FeatureAspire.Tests.Infrastructure;

/// <summary>One embedded Garnet shared by a test class whose tests each start FeatureApi with their own settings.</summary>
public sealed class GarnetStoreFixture : IAsyncLifetime
{
    public StoreServer Store { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Store = StoreServer.Start("garnet");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Store.DisposeAsync();

    /// <summary>
    /// A FeatureApi on this store emptied first (FLUSHALL), so it applies the default repository as version 1: for tests
    /// that apply repositories, which change what every other FeatureApi on the store serves.
    /// </summary>
    public async Task<FeatureApiHost> FreshFeatureApiAsync()
    {
        await using (var admin = await Store.ConnectAsync())
        {
            await admin.GetServers().Single().ExecuteAsync("FLUSHALL");
        }
        return new FeatureApiHost(Store);
    }
}
