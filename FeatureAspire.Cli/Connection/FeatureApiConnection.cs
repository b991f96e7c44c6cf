using FeatureAspire.Cli.Repository;
using FeatureAspire.Client;

namespace FeatureAspire.Cli.Connection;

/// <summary>
/// One FeatureApi with one key, as the commands call it: each call notes the scope it needs, so a 401 or 403 can say
/// which scope the key lacks (FeatureApi's answer does not name it).
/// </summary>
internal sealed class FeatureApiConnection : IDisposable
{
    private readonly HttpClient http;
    private readonly FeatureApiClient client;

    public FeatureApiConnection(Uri address, string? apiKey)
    {
        // Without the trailing slash a base address with a path (a gateway's /featureapi) loses its last segment
        // when the client's relative paths are resolved against it.
        Address = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        HasApiKey = apiKey is not null;
        http = new HttpClient { BaseAddress = Address };
        client = new FeatureApiClient(http, apiKey);
    }

    public Uri Address { get; }

    public bool HasApiKey { get; }

    /// <summary>The scope the call in flight, or the last one, needs.</summary>
    public string Scope { get; private set; } = FeatureApiScopes.Read;

    /// <summary>How long a call may take before it is given up.</summary>
    public TimeSpan Timeout => http.Timeout;

    public Task<RegistryPlan> PlanAsync(RepositoryFile file, CancellationToken cancellationToken) =>
        Call(FeatureApiScopes.RegistryWrite, () => client.PlanRegistryAsync(file.Text, file.MediaType, cancellationToken));

    public Task<RegistryPlan> ApplyAsync(RepositoryFile file, long? expectedVersion, bool force, CancellationToken cancellationToken) =>
        Call(FeatureApiScopes.RegistryWrite, () => client.ApplyRegistryAsync(file.Text, expectedVersion, force, file.MediaType, cancellationToken));

    public Task<RegistryPlan> RollbackAsync(long version, long? expectedVersion, CancellationToken cancellationToken) =>
        Call(FeatureApiScopes.RegistryWrite, () => client.RollbackRegistryAsync(version, expectedVersion, cancellationToken));

    public Task<RegistryDocument> GetAsync(CancellationToken cancellationToken) =>
        Call(FeatureApiScopes.Read, () => client.GetRegistryAsync(cancellationToken));

    public Task<IReadOnlyList<RegistryVersionRecord>> HistoryAsync(int limit, CancellationToken cancellationToken) =>
        Call(FeatureApiScopes.Read, () => client.GetRegistryHistoryAsync(limit, cancellationToken));

    public Task<RegistryStatus> StatusAsync(CancellationToken cancellationToken) =>
        Call(FeatureApiScopes.Read, () => client.GetRegistryStatusAsync(cancellationToken));

    public void Dispose() => http.Dispose();

    private Task<T> Call<T>(string scope, Func<Task<T>> call)
    {
        Scope = scope;
        return call();
    }
}
