using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAdmin.Registry;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Pages;

/// <summary>One extract built from the registry (features, the keys and request fields they need), shown as the JSON that went out and came back.</summary>
public sealed partial class TryIt : ApiComponent
{
    // Relaxed escaping: the text is shown HTML-encoded by Blazor, and "'" reads better than "\u0027" in a problem's errors.
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static FeatureApiJsonContext Json => FeatureApiJsonContext.Default;

    private readonly ExtractForm form = new();
    private bool sending;
    private Exchange? exchange;
    private string? error;

    [Inject] public required FeatureApiClient Api { get; init; }
    [Inject] public required FeatureCatalog Catalog { get; init; }

    protected override async Task OnInitializedAsync() => error = await Catalog.LoadAsync(Closing);

    private string KeyType(string entity) => Catalog.View.Outline.FindEntity(entity) is { } info ? Format.Name(info.KeyType) : "unknown";

    private async Task SendAsync()
    {
        sending = true;
        var request = form.Build(Catalog.View);
        var result = await ApiCall.TryAsync(t => ExchangeAsync(request, t), Closing);
        sending = false;
        error = result.Error;
        exchange = result.Value;
    }

    /// <summary>
    /// The extract, with the answer as JSON: the vector when featureapi served one, its problem document when it
    /// refused. Only a failure to reach featureapi at all is left to <see cref="ApiCall"/>.
    /// </summary>
    private async Task<Exchange> ExchangeAsync(EntityExtractRequest request, CancellationToken cancellationToken)
    {
        // The client's own source-generated contract, so the text shown is the body it sends.
        var requestJson = JsonSerializer.Serialize(request, Json.EntityExtractRequest);
        try
        {
            var vector = await Api.ExtractEntitiesAsync(request.Entities, request.Request, request.Features, request.FeatureSet, cancellationToken);
            return new Exchange(requestJson, (int)HttpStatusCode.OK, JsonSerializer.Serialize(vector, Json.FeatureVector), vector);
        }
        catch (FeatureApiException refused)
        {
            var answer = refused.Problem is { } problem ? JsonSerializer.Serialize(problem, Json.FeatureApiProblem) : refused.Message;
            return new Exchange(requestJson, (int)refused.StatusCode, answer, null);
        }
    }

    /// <summary>JSON re-indented for reading; anything that is not JSON is shown as it came.</summary>
    internal static string Pretty(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Indented))
            {
                document.WriteTo(writer);
            }
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>An extract as JSON both ways, and the vector when there was one.</summary>
    private sealed record Exchange(string RequestJson, int StatusCode, string ResponseJson, FeatureVector? Response);
}
