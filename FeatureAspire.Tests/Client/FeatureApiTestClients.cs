using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;
using FeatureAspire.Tests.Registry;

namespace FeatureAspire.Tests.Client;

/// <summary>
/// Clients for a test FeatureApi that send its key themselves: a plain <see cref="HttpClient"/> to the same address,
/// and the key the test host's own client carries (none where the host runs open), so the client's key header is
/// what FeatureApi checks; and a client of a FeatureApi serving a team's two-entity repository.
/// </summary>
internal static class FeatureApiTestClients
{
    public static HttpClient Plain(HttpClient hostClient) => new() { BaseAddress = hostClient.BaseAddress };

    public static string? KeyOf(HttpClient hostClient) =>
        hostClient.DefaultRequestHeaders.TryGetValues(FeatureApiClient.ApiKeyHeaderName, out var keys) ? keys.Single() : null;

    /// <summary>A client of <paramref name="host"/> once it serves <see cref="TeamRepository"/> (version 2 on a flushed store).</summary>
    public static async Task<FeatureApiClient> ServingTeamRepositoryAsync(FeatureApiHost host)
    {
        var client = new FeatureApiClient(host.CreateClient());
        await client.ApplyRegistryAsync(TeamRepository.Yaml, force: true);
        return client;
    }
}
