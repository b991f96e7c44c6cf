using System.Net;
using System.Text;

namespace FeatureAspire.Tests.Client;

/// <summary>
/// An HTTP handler that answers every request with one canned answer and keeps what it was sent: for the answers a
/// healthy FeatureApi cannot be made to give on demand (429, 507, a gateway's HTML), and for inspecting requests.
/// </summary>
internal sealed class StubFeatureApi(HttpStatusCode status, string answer = "", string mediaType = "application/problem+json",
    Action<HttpResponseMessage>? decorate = null) : HttpMessageHandler
{
    private readonly List<HttpRequestMessage> requests = [];
    private readonly List<string> bodies = [];

    /// <summary>The bodies sent, read when they were sent (the client disposes its requests afterwards).</summary>
    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (requests)
            {
                return [.. bodies];
            }
        }
    }

    public IReadOnlyList<HttpRequestMessage> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public HttpClient CreateClient() => new(this) { BaseAddress = new Uri("http://featureapi.test") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (requests)
        {
            requests.Add(request);
            bodies.Add(body);
        }
        var response = new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(answer, Encoding.UTF8, mediaType),
        };
        decorate?.Invoke(response);
        return response;
    }
}
