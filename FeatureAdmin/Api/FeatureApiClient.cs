using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FeatureAdmin.Api;

/// <summary>
/// Typed client for featureapi, addressed by resource name through service discovery. Used by the pages; the probe
/// has its own client without retries (see <see cref="Probe.ProbeClients"/>).
/// </summary>
public sealed class FeatureApiClient(HttpClient http)
{
    public const string ServiceName = "featureapi";
    public static readonly Uri BaseAddress = new($"http://{ServiceName}");

    private static ApiJsonContext Json => ApiJsonContext.Default;

    public Task<IReadOnlyList<FeatureDefinition>> GetDefinitionsAsync(CancellationToken cancellationToken) =>
        GetAsync("/api/features/definitions", Json.IReadOnlyListFeatureDefinition, cancellationToken);

    public Task<StoreInfo> GetStoreAsync(CancellationToken cancellationToken) =>
        GetAsync("/api/store", Json.StoreInfo, cancellationToken);

    /// <summary>featureapi's own <c>/health</c>: true when every check passes.</summary>
    public async Task<(bool Healthy, string Text)> GetHealthAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/health", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.IsSuccessStatusCode, text);
    }

    public async Task<long> GetUserCountAsync(CancellationToken cancellationToken) =>
        (await GetAsync("/api/users/count", Json.UserCount, cancellationToken)).Count;

    public Task<UserPage> GetUsersAsync(int limit, string? cursor, CancellationToken cancellationToken) =>
        GetAsync($"/api/users?limit={limit}{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}",
            Json.UserPage, cancellationToken);

    /// <summary>A user's stored features, or null when featureapi has none for that id.</summary>
    public async Task<UserFeatures?> GetUserAsync(long userId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/api/users/{userId}/features", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(Json.UserFeatures, cancellationToken);
    }

    public async Task PutUserAsync(long userId, IReadOnlyDictionary<string, double> features, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"/api/users/{userId}/features", features,
            Json.IReadOnlyDictionaryStringDouble, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Deletes a user's stored features; false when there were none.</summary>
    public async Task<bool> DeleteUserAsync(long userId, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"/api/users/{userId}/features", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    public async Task<int> PutUsersAsync(BulkUserFeatures users, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync("/api/users/features", users, Json.BulkUserFeatures, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync(Json.BulkWriteResult, cancellationToken);
        return result?.Written ?? 0;
    }

    public async Task<ExtractResponse> ExtractAsync(ExtractRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/features/extract", request, Json.ExtractRequest, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(Json.ExtractResponse, cancellationToken)
            ?? throw new FeatureApiException(response.StatusCode, "featureapi returned an empty extract response.");
    }

    /// <summary>An extract exchanged as text, for showing request and response side by side; never throws on a status.</summary>
    public async Task<RawExchange> ExtractRawAsync(ExtractRequest request, CancellationToken cancellationToken)
    {
        var requestJson = JsonSerializer.Serialize(request, Json.ExtractRequest);
        using var content = new StringContent(requestJson, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/features/extract", content, cancellationToken);
        var responseJson = await response.Content.ReadAsStringAsync(cancellationToken);
        ExtractResponse? parsed = null;
        if (response.IsSuccessStatusCode)
        {
            parsed = JsonSerializer.Deserialize(responseJson, Json.ExtractResponse);
        }
        return new RawExchange(requestJson, (int)response.StatusCode, responseJson, parsed);
    }

    /// <summary>Sends live events; the answer is how many featureapi counted and how many it had counted already.</summary>
    public async Task<EventsAccepted> PostEventsAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/events", batch, Json.EventBatch, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(Json.EventsAccepted, cancellationToken) ?? new EventsAccepted(0, 0);
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)
            ?? throw new FeatureApiException(response.StatusCode, $"featureapi returned an empty body for {path}.");
    }

    /// <summary>Turns a failed answer into an exception whose message names what featureapi objected to.</summary>
    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new FeatureApiException(response.StatusCode, ApiProblemText.Describe(response, body));
    }
}

/// <summary>An exchange kept as the text that crossed the wire.</summary>
public sealed record RawExchange(string RequestJson, int StatusCode, string ResponseJson, ExtractResponse? Response);
