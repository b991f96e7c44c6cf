using System.Net.Http.Headers;

namespace FeatureAdmin.Probe;

/// <summary>Sends probe requests over HTTP and reads status, <c>degraded</c> and <c>Server-Timing</c> from the answers.</summary>
public sealed class HttpProbeTarget(HttpClient http, string description) : IProbeTarget
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static ReadOnlySpan<byte> DegradedTrue => "\"degraded\":true"u8;

    public string Description => description;

    public async ValueTask<ProbeOutcome> SendAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(request.Body);
        content.Headers.ContentType = Json;
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Path) { Content = content };
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return ProbeOutcome.Failed($"{(int)response.StatusCode} {response.ReasonPhrase} from {request.Path}");
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        double? serverMs = response.Headers.TryGetValues(ServerTiming.HeaderName, out var values) &&
            ServerTiming.TryParseApp(string.Join(',', values), out var ms) ? ms : null;
        // A byte search instead of a parse: featureapi writes compact JSON, and the probe should cost less than the server.
        return new ProbeOutcome(true, body.AsSpan().IndexOf(DegradedTrue) >= 0, serverMs, null);
    }
}
