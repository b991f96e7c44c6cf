using System.Globalization;
using System.Net.Http.Headers;

namespace FeatureAspire.Client;

// The feature repository as data: /api/registry. Reads need features:read; plan, apply and rollback need registry:write.
public sealed partial class FeatureApiClient
{
    /// <summary>The repository version the store holds now, and its document as it was applied.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version (also the answer's ETag), its record and its document.</returns>
    public async Task<RegistryDocument> GetRegistryAsync(CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("registry");
        return await transport.SendAsync(HttpMethod.Get, "api/registry", Json.RegistryDocument, call, cancellationToken);
    }

    /// <summary>Validates a repository document and shows what applying it would change against the current version; changes nothing.</summary>
    /// <param name="document">The document, YAML or JSON as <paramref name="mediaType"/> says.</param>
    /// <param name="mediaType">The document's media type: <see cref="RepositoryMediaType.Yaml"/> or <see cref="RepositoryMediaType.Json"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The plan: each change, whether any breaks something, and its lines as <c>feast plan</c> prints them.</returns>
    /// <exception cref="FeatureApiException">
    /// FeatureApi refused the document: a 400 whose <see cref="FeatureApiException.Errors"/> name each place, such as
    /// <c>features[4].expression</c>; 413 over FeatureApi's size bound; 415 for another media type.
    /// </exception>
    public async Task<RegistryPlan> PlanRegistryAsync(string document, string mediaType = RepositoryMediaType.Yaml,
        CancellationToken cancellationToken = default)
    {
        var content = DocumentContent(document, mediaType);
        using var call = transport.Start("registry_plan");
        using var response = await transport.SendAsync(HttpMethod.Post, "api/registry/plan", content, call, cancellationToken);
        return await transport.ReadAsync(response, Json.RegistryPlan, call, cancellationToken);
    }

    /// <summary>
    /// Stores a repository document as the next version; every FeatureApi process serves it within a second. Pass the
    /// version it was planned against as <paramref name="expectedVersion"/>: then an apply that another got ahead of is
    /// refused rather than overwriting it, and a retry of an apply that did go through is refused rather than stored twice.
    /// </summary>
    /// <param name="document">The document, YAML or JSON as <paramref name="mediaType"/> says.</param>
    /// <param name="expectedVersion">The version the document was planned against (sent as <c>If-Match</c>); null applies over whatever is current.</param>
    /// <param name="force">Applies a document with breaking changes; without it such a document is refused (422).</param>
    /// <param name="mediaType">The document's media type: <see cref="RepositoryMediaType.Yaml"/> or <see cref="RepositoryMediaType.Json"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the apply changed, with <see cref="RegistryPlan.Version"/> the version stored.</returns>
    /// <exception cref="FeatureApiException">
    /// FeatureApi refused the document, and nothing changed: 409 when the store is no longer at
    /// <paramref name="expectedVersion"/> (<see cref="FeatureApiProblem.CurrentRegistryVersion"/> says where it is); 422 for
    /// breaking changes without <paramref name="force"/> (<see cref="FeatureApiProblem.PlanLines"/> lists them); 400 for an
    /// invalid document (<see cref="FeatureApiException.Errors"/> name each place); 403 for a key without <c>registry:write</c>.
    /// </exception>
    public async Task<RegistryPlan> ApplyRegistryAsync(string document, long? expectedVersion = null, bool force = false,
        string mediaType = RepositoryMediaType.Yaml, CancellationToken cancellationToken = default)
    {
        var content = DocumentContent(document, mediaType);
        using var call = transport.Start("registry_apply");
        using var response = await transport.SendAsync(HttpMethod.Put, force ? "api/registry?force=true" : "api/registry", content, call,
            cancellationToken, VersionTag(expectedVersion));
        return await transport.ReadAsync(response, Json.RegistryPlan, call, cancellationToken);
    }

    /// <summary>The newest repository versions' records, newest first: when, by which key, what changed.</summary>
    /// <param name="limit">How many versions (1 to 1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records, newest first; empty before the first apply.</returns>
    public async Task<IReadOnlyList<RegistryVersionRecord>> GetRegistryHistoryAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("registry_history");
        var path = string.Create(CultureInfo.InvariantCulture, $"api/registry/history?limit={limit}");
        return (await transport.SendAsync(HttpMethod.Get, path, Json.RegistryHistory, call, cancellationToken)).Versions;
    }

    /// <summary>
    /// Applies an earlier version's document again, as a new version (its record's <see cref="RegistryVersionRecord.RollbackOf"/>
    /// names the earlier one). It goes ahead even where it undoes breaking changes: that version was served before.
    /// </summary>
    /// <param name="version">The version to return to; the store keeps the newest 100 versions' documents.</param>
    /// <param name="expectedVersion">The version the rollback was decided against (sent as <c>If-Match</c>); null rolls back over whatever is current.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the rollback changed, with <see cref="RegistryPlan.Version"/> the new version stored.</returns>
    /// <exception cref="FeatureApiException">
    /// 404 when the version's document is not kept (or never existed); 422 when it no longer compiles; 409 when the
    /// store is no longer at <paramref name="expectedVersion"/>; 403 for a key without <c>registry:write</c>.
    /// </exception>
    public async Task<RegistryPlan> RollbackRegistryAsync(long version, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("registry_rollback");
        var path = string.Create(CultureInfo.InvariantCulture, $"api/registry/rollback/{version}");
        using var response = await transport.SendAsync(HttpMethod.Post, path, content: null, call, cancellationToken, VersionTag(expectedVersion));
        return await transport.ReadAsync(response, Json.RegistryPlan, call, cancellationToken);
    }

    /// <summary>The repository version the FeatureApi process that answers serves, and why not the store's when it does not.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>That process's status; behind a load balancer another call may reach another process.</returns>
    public async Task<RegistryStatus> GetRegistryStatusAsync(CancellationToken cancellationToken = default)
    {
        using var call = transport.Start("registry_status");
        return await transport.SendAsync(HttpMethod.Get, "api/registry/status", Json.RegistryStatus, call, cancellationToken);
    }

    private static ByteArrayContent DocumentContent(string document, string mediaType)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        return FeatureApiTransport.Text(document, mediaType);
    }

    /// <summary>FeatureApi's ETag of a repository version: the number, quoted.</summary>
    private static EntityTagHeaderValue? VersionTag(long? version) =>
        version is { } number ? new EntityTagHeaderValue(string.Create(CultureInfo.InvariantCulture, $"\"{number}\"")) : null;
}
