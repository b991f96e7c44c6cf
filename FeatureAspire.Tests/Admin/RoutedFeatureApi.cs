using System.Net;
using System.Text;

namespace FeatureAspire.Tests.Admin;

/// <summary>
/// A stand-in featureapi that answers each path with its own canned answer (404 for any other) and keeps the bodies
/// it was sent, for pages that make several different calls.
/// </summary>
internal sealed class RoutedFeatureApi : HttpMessageHandler
{
    private readonly Dictionary<string, (HttpStatusCode Status, string Body, string MediaType)> answers = new(StringComparer.Ordinal);
    private readonly List<(string Path, string Body)> sent = [];

    public HttpClient CreateClient() => new(this) { BaseAddress = new Uri("http://featureapi.test") };

    public RoutedFeatureApi Answer(string path, string body, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json")
    {
        answers[path] = (status, body, mediaType);
        return this;
    }

    /// <summary>The bodies sent to <paramref name="path"/>, read when they were sent.</summary>
    public IReadOnlyList<string> BodiesSentTo(string path)
    {
        lock (sent)
        {
            return [.. sent.Where(request => request.Path == path).Select(request => request.Body)];
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (sent)
        {
            sent.Add((path, body));
        }
        var (status, answer, mediaType) = answers.TryGetValue(path, out var found) ? found : (HttpStatusCode.NotFound, "", "text/plain");
        return new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(answer, Encoding.UTF8, mediaType) };
    }
}
