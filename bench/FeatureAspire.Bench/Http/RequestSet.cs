using System.Globalization;
using System.Text;

namespace FeatureAspire.Bench.Http;

/// <summary>
/// Prebuilt HTTP requests for one endpoint, cycled by the load loops so that building a body never shows up in a
/// latency. <see cref="Entities"/> is how many users (or events) each request carries.
/// </summary>
internal sealed class RequestSet(string method, string path, byte[][] requests, int entities)
{
    public string Method { get; } = method;
    public string Path { get; } = path;
    public int Entities { get; } = entities;
    public int Count => requests.Length;

    public byte[] this[long index] => requests[index % requests.Length];

    /// <summary>Bytes of the first request, for the report.</summary>
    public int RequestBytes => requests[0].Length;

    public static byte[] Build(string method, string path, string host, string? jsonBody)
    {
        var body = jsonBody is null ? [] : Encoding.UTF8.GetBytes(jsonBody);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {path} HTTP/1.1\r\nHost: {host}\r\n{BenchApiKey.Header}: {BenchApiKey.Value}\r\n");
        if (jsonBody is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n");
        }
        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    /// <summary><paramref name="variants"/> requests, the i-th built from <paramref name="body"/>(i, random).</summary>
    public static RequestSet Create(string method, string path, string host, int variants, int entities, Func<int, Random, string?> body, int seed = 7)
    {
        var random = new Random(seed);
        var requests = new byte[variants][];
        for (var i = 0; i < variants; i++)
        {
            requests[i] = Build(method, path, host, body(i, random));
        }
        return new RequestSet(method, path, requests, entities);
    }
}
