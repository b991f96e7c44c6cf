using System.Net.Http.Json;
using FeatureAspire.Client;

namespace FeatureAdmin.Api;

/// <summary>What the store is (<see cref="StoreInfo"/>) and how it is laid out (<see cref="StoreTopology"/>), from one <c>GET /api/store</c>.</summary>
public sealed record StoreOverview(StoreInfo Info, StoreTopology? Topology);

/// <summary>
/// Reads <c>GET /api/store</c> with its topology, which <see cref="FeatureApiClient.GetStoreAsync"/> does not return
/// yet: the same request with the admin's key on a plain client. When the client's <see cref="StoreInfo"/> gains the
/// topology, the overview calls the client instead and this goes.
/// </summary>
public sealed class StoreOverviewReader(IHttpClientFactory httpClientFactory)
{
    public const string ClientName = "featureapi-store";

    public static void Register(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, http => http.BaseAddress = FeatureApiService.BaseAddress).AddHttpMessageHandler<FeatureApiKeyHandler>();
        services.AddTransient<StoreOverviewReader>();
    }

    public async Task<StoreOverview> GetAsync(CancellationToken cancellationToken)
    {
        using var http = httpClientFactory.CreateClient(ClientName);
        using var response = await http.GetAsync("api/store", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The client's exception, so ApiCall describes a refusal here as it does every other.
            throw new FeatureApiException(response.StatusCode,
                $"FeatureApi answered {(int)response.StatusCode} {response.ReasonPhrase} to GET /api/store.");
        }
        var answer = await response.Content.ReadFromJsonAsync(AdminApiJsonContext.Default.StoreAnswer, cancellationToken)
            ?? throw new System.Text.Json.JsonException("GET /api/store answered without a body.");
        return new StoreOverview(new StoreInfo(answer.Server, answer.Version, answer.Healthy, answer.PingMilliseconds), answer.Topology);
    }
}

/// <summary><c>GET /api/store</c>'s body as featureapi writes it now.</summary>
internal sealed record StoreAnswer(string Server, string? Version, bool Healthy, double? PingMilliseconds, StoreTopology? Topology);
