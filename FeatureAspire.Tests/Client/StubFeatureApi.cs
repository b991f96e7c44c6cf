using System.Net;
using System.Text;

namespace FeatureAspire.Tests.Client;

/// <summary>
/// An HTTP handler that answers every request with one canned answer and keeps what it was sent: for the answers a
/// healthy FeatureApi cannot be made to give on demand (429, 507, a gateway's HTML), and for inspecting requests.
/// </summary>
internal sealed class StubFeatureApi(HttpStatusCode status, string body = "", string mediaType = "application/problem+json",
    Action<HttpResponseMessage>? decorate = null) : HttpMessageHandler
{
    private readonly List<HttpRequestMessage> requests = [];

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

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (requests)
        {
            requests.Add(request);
        }
        var response = new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(body, Encoding.UTF8, mediaType),
        };
        decorate?.Invoke(response);
        return Task.FromResult(response);
    }
}
