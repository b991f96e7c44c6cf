using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>Small helpers the integration tests share: a free port and a plain extract call.</summary>
public static class FeatureApiCalls
{
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Extracts the given features (the default set when null) for one user; a non-2xx answer fails the test.</summary>
    public static async Task<JsonElement> ExtractAsync(this HttpClient api, long userId, IReadOnlyList<string>? features = null)
    {
        using var response = await api.PostAsJsonAsync("/api/features/extract", new { userId, currentValue = 10.0, features });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
