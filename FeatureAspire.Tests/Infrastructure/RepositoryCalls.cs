using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>The registry calls the tests share: plan and apply a repository document, read what a process serves.</summary>
public static class RepositoryCalls
{
    public const string RegistryVersionHeader = "Registry-Version";

    public static StringContent Yaml(string document) =>
        new(document, Encoding.UTF8, new MediaTypeHeaderValue("application/yaml"));

    /// <summary>Applies <paramref name="document"/>; a non-2xx answer fails the test. Returns the version stored.</summary>
    public static async Task<long> ApplyAsync(this HttpClient api, string document, bool force = true)
    {
        using var response = await api.PutAsync(force ? "/api/registry?force=true" : "/api/registry", Yaml(document));
        Assert.True(response.IsSuccessStatusCode, $"PUT /api/registry answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
    }

    /// <summary>The repository version the process behind <paramref name="api"/> serves, from an extract's header.</summary>
    public static async Task<long> ServedVersionAsync(this HttpClient api)
    {
        using var response = await api.GetAsync("/api/features/definitions");
        response.EnsureSuccessStatusCode();
        return long.Parse(response.Headers.GetValues(RegistryVersionHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Extracts with the entities shape; a non-2xx answer fails the test.</summary>
    public static async Task<JsonElement> ExtractEntitiesAsync(this HttpClient api, object request)
    {
        using var response = await api.PostAsJsonAsync("/api/features/extract", request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The extract answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
