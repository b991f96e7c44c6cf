using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FeatureAspire.Client;

/// <summary>
/// The HTTP side of <see cref="FeatureApiClient"/>: the API key on every request, bodies of known length (re-sendable
/// by a retrying handler, no chunked framing), and a refused answer turned into a <see cref="FeatureApiException"/>.
/// </summary>
internal sealed class FeatureApiTransport(HttpClient http, string? apiKey)
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    public Uri BaseAddress => http.BaseAddress!;

    public FeatureApiCall Start(string operation, int? users = null, int? events = null, string? entity = null, int? instances = null,
        int? candidates = null) =>
        FeatureApiCall.Start(operation, users, events, entity, instances, candidates);

    public ByteArrayContent Body<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    /// <summary>A text body (a repository document) as UTF-8 of <paramref name="mediaType"/>, of known length like the JSON ones.</summary>
    public static ByteArrayContent Text(string text, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return content;
    }

    // ifMatch, when given, stays on the message, so an attempt the resilience handler retries carries it too.
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, FeatureApiCall call,
        CancellationToken cancellationToken, EntityTagHeaderValue? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation(FeatureApiClient.ApiKeyHeaderName, apiKey);
        }
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(ifMatch);
        }
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            call.Failed(ex);
            throw;
        }
    }

    public async Task<TResponse> SendAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, FeatureApiCall call, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, Body(body, requestType), call, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, responseType, call, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TResponse> SendAsync<TResponse>(HttpMethod method, string path, JsonTypeInfo<TResponse> responseType, FeatureApiCall call,
        CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, content: null, call, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, responseType, call, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, FeatureApiCall call, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, call, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false)
            ?? throw Refused(response, call, "answered without a body");
    }

    public async Task EnsureSuccessAsync(HttpResponseMessage response, FeatureApiCall call, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
        throw Refused(response, call, Describe(problem), problem);
    }

    public async Task<FeatureApiHealth> GetHealthAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        var report = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new FeatureApiHealth(response.IsSuccessStatusCode, report);
    }

    private static FeatureApiException Refused(HttpResponseMessage response, FeatureApiCall call, string? said, FeatureApiProblem? problem = null)
    {
        var status = (int)response.StatusCode;
        var request = response.RequestMessage is { } sent ? $" to {sent.Method} {sent.RequestUri?.AbsolutePath}" : "";
        var message = $"FeatureApi answered {status} {response.ReasonPhrase}{request}{(said is null ? "." : ": " + said)}";
        call.Refused(status, message);
        return new FeatureApiException(response.StatusCode, message, problem, RetryAfter(response));
    }

    /// <summary>The problem's title, then its field errors (or its detail when it names no field); null when it says nothing.</summary>
    internal static string? Describe(FeatureApiProblem? problem)
    {
        if (problem is null)
        {
            return null;
        }
        var explanation = problem.Errors is { Count: > 0 } errors
            ? string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
            : problem.Detail;
        var text = string.Join(" ", new[] { problem.Title, explanation }.Where(part => !string.IsNullOrWhiteSpace(part)));
        return text.Length == 0 ? null : text;
    }

    /// <summary>The problem document of a refused answer, or null when the body is empty or not one.</summary>
    private static async Task<FeatureApiProblem?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }
        try
        {
            return await response.Content.ReadFromJsonAsync(FeatureApiJsonContext.Default.FeatureApiProblem, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
