namespace FeatureAspire.Tests.Infrastructure;

/// <summary>
/// One real store shared by a test class whose tests each start FeatureApi with their own settings on it, emptied
/// first. Where the store cannot run here it is not started; the tests that need it say so with
/// <see cref="RequiresRedisServerFactAttribute"/> (Garnet, embedded, always runs).
/// </summary>
public abstract class FreshStoreFixture(string kind) : IAsyncLifetime
{
    private StoreServer? store;

    public StoreServer Store => store ?? throw new InvalidOperationException(StoreServer.Unavailable(kind));

    public Task InitializeAsync()
    {
        if (StoreServer.Unavailable(kind) is null)
        {
            store = StoreServer.Start(kind);
        }
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }

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

/// <summary>One embedded Garnet shared by a test class whose tests each start FeatureApi with their own settings.</summary>
public sealed class GarnetStoreFixture() : FreshStoreFixture("garnet");

/// <summary>One redis-server process shared by a test class whose tests each start FeatureApi with their own settings.</summary>
public sealed class RedisStoreFixture() : FreshStoreFixture("redis");
