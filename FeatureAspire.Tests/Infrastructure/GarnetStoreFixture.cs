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
}
