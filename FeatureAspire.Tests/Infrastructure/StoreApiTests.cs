namespace FeatureAspire.Tests.Infrastructure;

/// <summary>
/// Tests with a store of their own (redis-server, Garnet or the cluster) and a FeatureApi serving
/// <paramref name="repository"/>: applying a repository changes what every test on that store sees, so no fixture is
/// shared. Tests call <see cref="SkipWithoutStore"/> first; a missing store skips them with the reason.
/// </summary>
public abstract class StoreApiTests(string storeKind, string repository, IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    protected string StoreKind => storeKind;

    protected StoreServer Store { get; private set; } = null!;

    protected HttpClient Api { get; private set; } = null!;

    private FeatureApiHost? host;

    public async Task InitializeAsync()
    {
        if (StoreServer.Unavailable(storeKind) is not null)
        {
            return;
        }
        Store = StoreServer.Start(storeKind);
        host = new FeatureApiHost(Store, settings);
        Api = host.CreateClient();
        await Api.ApplyAsync(repository);
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }
    }

    protected void SkipWithoutStore() => Skip.If(host is null, StoreServer.Unavailable(storeKind));
}
