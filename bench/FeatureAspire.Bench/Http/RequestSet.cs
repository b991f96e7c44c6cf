using System.Globalization;
using System.Text;

namespace FeatureAspire.Bench.Http;

/// <summary>
/// Prebuilt HTTP requests for one endpoint, cycled by the load loops so that building a body never shows up in a
/// latency. <see cref="Entities"/> is how many users (or events) each request carries. A set made by <see cref="Fresh"/>
/// builds every request anew instead, for bodies that must never repeat (events with ids).
/// </summary>
internal sealed class RequestSet(string method, string path, byte[][] requests, int entities, Func<byte[]>? fresh = null)
{
    public string Method { get; } = method;
    public string Path { get; } = path;
    public int Entities { get; } = entities;
    public int Count => requests.Length;

    public byte[] this[long index] => fresh is null ? requests[index % requests.Length] : fresh();

    /// <summary>Bytes of the first request, for the report.</summary>
    public int RequestBytes => requests[0].Length;

    /// <summary>One request; a body is JSON unless <paramref name="contentType"/> says otherwise (a repository document is YAML).</summary>
    public static byte[] Build(string method, string path, string host, string? body, string contentType = "application/json")
    {
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {path} HTTP/1.1\r\nHost: {host}\r\n{BenchApiKey.Header}: {BenchApiKey.Value}\r\n");
        if (body is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n");
        }
        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. bytes];
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

    /// <summary>
    /// Requests built when sent, each from <paramref name="body"/> (called concurrently by the connections): for a body
    /// that costs the generator far less than the server's answer, such as a thousand events.
    /// </summary>
    public static RequestSet Fresh(string method, string path, string host, int entities, Func<string> body) =>
        new(method, path, [Build(method, path, host, body())], entities, () => Build(method, path, host, body()));
}
