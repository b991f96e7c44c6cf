using FeatureAspire.Client;

namespace FeatureAdmin.Api;

/// <summary>One featureapi replica's <c>GET /api/registry/status</c>: the repository version it serves, or why there was no answer.</summary>
/// <param name="Address">The replica's own address.</param>
/// <param name="Status">What it said; null when it did not answer.</param>
/// <param name="Error">Why it did not answer; null when it did.</param>
public sealed record ReplicaVersion(Uri Address, RegistryStatus? Status, string? Error)
{
    /// <summary>
    /// Whether the replica is behind <paramref name="storeVersion"/> or cannot say: it serves an older version (it
    /// should catch up within a second of an apply), reports why it cannot load the store's, or did not answer.
    /// </summary>
    public bool Lags(long storeVersion) => Status is not { Error: null } status || status.LoadedVersion < storeVersion;

    /// <summary>How the registry page words the replica's state against <paramref name="storeVersion"/>.</summary>
    public string Describe(long storeVersion) => Status switch
    {
        null => $"No answer: {Error}",
        { Error: { } error, LoadedVersion: var loaded } => $"Serves version {loaded}; cannot load the store's: {error}",
        { LoadedVersion: var loaded } when loaded < storeVersion => $"Serves version {loaded}, behind the store's {storeVersion}",
        { FromStore: false } => "Serves the built-in default: the store was not reached yet",
        _ => "Up to date",
    };
}

/// <summary>Every replica's version, or why the replicas could not be listed.</summary>
/// <param name="Replicas">The replicas found, in a stable order.</param>
/// <param name="Each">Whether the addresses are the replicas' own; false when only the service's one address was found.</param>
/// <param name="Error">Why the replicas could not be listed; null when they were.</param>
public sealed record ReplicaVersionReport(IReadOnlyList<ReplicaVersion> Replicas, bool Each, string? Error)
{
    public IReadOnlyList<ReplicaVersion> Lagging(long storeVersion) => [.. Replicas.Where(replica => replica.Lags(storeVersion))];
}

/// <summary>
/// Asks every featureapi replica which repository version it serves (<c>GET /api/registry/status</c> on its own
/// address, with the admin's key), the replicas listed and bounded as <see cref="ReplicaStatus"/> lists them.
/// </summary>
public sealed class ReplicaVersions(ReplicaStatus replicas, IHttpClientFactory httpClientFactory, FeatureApiKey key)
{
    public async Task<ReplicaVersionReport> CheckAsync(CancellationToken cancellationToken)
    {
        var (answers, each, error) = await replicas.AskEachAsync(AskAsync, cancellationToken);
        return new ReplicaVersionReport(answers, each, error);
    }

    private async Task<ReplicaVersion> AskAsync(Uri address, CancellationToken cancellationToken)
    {
        try
        {
            // The replica check's client: one plain request, so a retry cannot hide the replica that did not answer.
            using var http = httpClientFactory.CreateClient(ReplicaStatus.ClientName);
            http.BaseAddress = address;
            return new ReplicaVersion(address, await new FeatureApiClient(http, key.Value).GetRegistryStatusAsync(cancellationToken), null);
        }
        catch (Exception exception)
        {
            return new ReplicaVersion(address, null, ReplicaStatus.NoAnswer(exception));
        }
    }
}
