namespace FeatureAspire.Tests.Client;

/// <summary>
/// Clients for a test FeatureApi that send its key themselves: a plain <see cref="HttpClient"/> to the same address,
/// and the key the test host's own client carries (none where the host runs open), so the client's key header is
/// what FeatureApi checks.
/// </summary>
internal static class FeatureApiTestClients
{
    public static HttpClient Plain(HttpClient hostClient) => new() { BaseAddress = hostClient.BaseAddress };

    public static string? KeyOf(HttpClient hostClient) =>
        hostClient.DefaultRequestHeaders.TryGetValues(FeatureAspire.Client.FeatureApiClient.ApiKeyHeaderName, out var keys) ? keys.Single() : null;
}
