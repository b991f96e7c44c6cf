using System.Diagnostics;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAdmin.Registry;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Pages;

/// <summary>
/// One extract built from the registry (features, the keys and request fields they need), sent over HTTP/JSON, gRPC
/// or both, and shown as the JSON that went out and each answer that came back; with both, the answers are compared.
/// </summary>
public sealed partial class TryIt : ApiComponent
{
    // Relaxed escaping: the text is shown HTML-encoded by Blazor, and "'" reads better than "\u0027" in a problem's errors.
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static FeatureApiJsonContext Json => FeatureApiJsonContext.Default;

    private readonly ExtractForm form = new();
    private ExtractTransport transport = ExtractTransport.Json;
    private bool sending;
    private Exchange? exchange;
    private string? error;

    [Inject] public required FeatureApiClient Api { get; init; }
    [Inject] public required FeatureApiGrpcClient GrpcApi { get; init; }
    [Inject] public required FeatureCatalog Catalog { get; init; }

    protected override async Task OnInitializedAsync() => error = await Catalog.LoadAsync(Closing);

    private string KeyType(string entity) => Catalog.View.Outline.FindEntity(entity) is { } info ? Format.Name(info.KeyType) : "unknown";

    private async Task SendAsync()
    {
        sending = true;
        var request = form.Build(Catalog.View);
        var result = await ApiCall.TryAsync(t => ExchangeAsync(request, transport, t), Closing);
        sending = false;
        error = result.Error;
        exchange = result.Value;
    }

    /// <summary>
    /// The extract over each transport asked for, one after the other rather than at once, so each latency is the
    /// call's own and not two calls sharing the same cores. A failure the clients do not make a refusal of (featureapi
    /// not reachable over HTTP) is left to <see cref="ApiCall"/>, and with it the whole exchange: half a comparison would
    /// read as a difference. Over gRPC an unreachable featureapi is already a refusal, a 503.
    /// </summary>
    private async Task<Exchange> ExchangeAsync(EntityExtractRequest request, ExtractTransport over, CancellationToken cancellationToken)
    {
        // The client's own source-generated contract, so the text shown is the body it sends (and the fields of the gRPC message).
        var requestJson = JsonSerializer.Serialize(request, Json.EntityExtractRequest);
        var answers = new List<ExtractAnswer>();
        foreach (var single in over.Sends())
        {
            answers.Add(await AnswerAsync(single, single == ExtractTransport.Grpc
                ? t => GrpcApi.ExtractEntitiesAsync(request.Entities, request.Request, request.Features, request.FeatureSet, t)
                : t => Api.ExtractEntitiesAsync(request.Entities, request.Request, request.Features, request.FeatureSet, t), cancellationToken));
        }
        return new Exchange(requestJson, over, answers, answers is [var json, var grpc] ? ExtractAnswer.Differences(json, grpc) : null);
    }

    /// <summary>
    /// One transport's answer: the vector when featureapi served one, its problem document when it refused (over gRPC,
    /// the problem the client makes of the status), and the time the call took as the admin measured it.
    /// </summary>
    private static async Task<ExtractAnswer> AnswerAsync(ExtractTransport transport, Func<CancellationToken, Task<FeatureVector>> extract,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var vector = await extract(cancellationToken);
            return new ExtractAnswer(transport, (int)HttpStatusCode.OK, JsonSerializer.Serialize(vector, Json.FeatureVector), vector,
                Stopwatch.GetElapsedTime(started));
        }
        catch (FeatureApiException refused)
        {
            var answer = refused.Problem is { } problem ? JsonSerializer.Serialize(problem, Json.FeatureApiProblem) : refused.Message;
            return new ExtractAnswer(transport, (int)refused.StatusCode, answer, null, Stopwatch.GetElapsedTime(started));
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

    /// <summary>An extract as JSON, each transport's answer, and where two answers differ (null unless both were asked for).</summary>
    private sealed record Exchange(string RequestJson, ExtractTransport Transport, IReadOnlyList<ExtractAnswer> Answers, IReadOnlyList<string>? Differences);
}
