using StackExchange.Redis;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>One real store and one FeatureApi on it, shared by a test class.</summary>
public abstract class ApiFixture : IAsyncLifetime
{
    private readonly string storeKind;
    private StoreServer? store;
    private FeatureApiHost? host;
    private ConnectionMultiplexer? redis;

    protected ApiFixture(string storeKind) => this.storeKind = storeKind;

    /// <summary>Why this fixture cannot run here, or null.</summary>
    public string? Unavailable => StoreServer.Unavailable(storeKind);

    public StoreServer Store => store!;
    public FeatureApiHost Host => host!;
    public HttpClient Client { get; private set; } = null!;
    public IDatabase Redis => redis!.GetDatabase();

    public async Task InitializeAsync()
    {
        if (Unavailable is not null)
        {
            return;
        }
        store = StoreServer.Start(storeKind);
        host = new FeatureApiHost(store);
        Client = host.CreateClient();
        redis = await store.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        redis?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>A user id no other test in the class touches.</summary>
    public static long NewUserId() => Interlocked.Increment(ref nextUserId);

    private static long nextUserId = Random.Shared.NextInt64(1_000_000, 1_000_000_000);

    public Task SeedAsync(long userId, object features) => Client.SeedAsync(userId, features);
}

public sealed class RedisApiFixture() : ApiFixture("redis");

public sealed class GarnetApiFixture() : ApiFixture("garnet");

public sealed class ClusterApiFixture() : ApiFixture("cluster");

/// <summary>The test classes that share one redis-server and one FeatureApi on it.</summary>
[CollectionDefinition(nameof(RedisApiCollection))]
public sealed class RedisApiCollection : ICollectionFixture<RedisApiFixture>;

/// <summary>The test classes that share one Garnet and one FeatureApi on it.</summary>
[CollectionDefinition(nameof(GarnetApiCollection))]
public sealed class GarnetApiCollection : ICollectionFixture<GarnetApiFixture>;

/// <summary>The test classes that share one Redis Cluster (3 primaries, 3 replicas) and one FeatureApi on it.</summary>
[CollectionDefinition(nameof(ClusterApiCollection))]
public sealed class ClusterApiCollection : ICollectionFixture<ClusterApiFixture>;
