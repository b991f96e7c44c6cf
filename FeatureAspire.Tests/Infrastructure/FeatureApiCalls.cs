using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Store.Hosting;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>Small helpers the integration tests share: a free port, a seed write and a plain extract call.</summary>
public static class FeatureApiCalls
{
    public static int FreeLoopbackPort() => LoopbackPort.Free();

    /// <summary>Writes one user's stored features; a non-2xx answer fails the test.</summary>
    public static async Task SeedAsync(this HttpClient api, long userId, object features)
    {
        using var response = await api.PutAsJsonAsync($"/api/users/{userId}/features", features);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Extracts the given features (the default set when null) for one user; a non-2xx answer fails the test.</summary>
    public static async Task<JsonElement> ExtractAsync(this HttpClient api, long userId, IReadOnlyList<string>? features = null)
    {
        using var response = await api.PostAsJsonAsync("/api/features/extract", new { userId, currentValue = 10.0, features });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>One feature's value for one user, from an extract.</summary>
    public static async Task<double> FeatureAsync(this HttpClient api, long userId, string feature) =>
        (await api.ExtractAsync(userId, [feature])).GetProperty("features").GetProperty(feature).GetDouble();
}
