using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>What every endpoint shares: the size limit on bodies and the OpenAPI document. Run against real Redis and against Garnet.</summary>
public abstract class ApiSurfaceTests(ApiFixture fixture) : ApiTests(fixture)
{
    [SkippableFact]
    public async Task OversizedBodyGetsAProblemNotAServerError()
    {
        var api = Api;

        // Announce a body over the 4 MiB limit and send none of it: the server must refuse from the headers alone.
        // (HttpClient would keep writing the body into a closed connection and report a broken pipe instead.)
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(api.BaseAddress!.Host, api.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/features/extract HTTP/1.1\r\nHost: {api.BaseAddress.Authority}\r\nContent-Type: application/json\r\n" +
                   $"{FeatureApiHost.ApiKeyHeader}: {FeatureApiHost.TestKey}\r\nContent-Length: {5 * 1024 * 1024}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var reply = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 413", reply, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", reply, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task OpenApiDocumentDescribesEveryEndpoint()
    {
        var api = Api;

        var document = await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "/api/features/extract", "/api/features/extract/batch", "/api/features/definitions",
            "/api/users/{userId}/features", "/api/users/features", "/api/users", "/api/users/count",
        }, paths);
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ExtractResponse", out _));
        // The 400s come from the handlers' ValidationProblem results, not from per-route declarations.
        foreach (var (path, method) in new[]
        {
            ("/api/features/extract", "post"), ("/api/features/extract/batch", "post"), ("/api/users/{userId}/features", "put"),
            ("/api/users/features", "put"), ("/api/users", "get"), ("/api/events", "post"),
        })
        {
            var responses = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
            Assert.True(responses.TryGetProperty("400", out _), $"{method} {path} does not document its 400.");
        }
    }
}

[Collection(nameof(RedisApiCollection))]
public sealed class ApiSurfaceOnRedisTests(RedisApiFixture fixture) : ApiSurfaceTests(fixture);

[Collection(nameof(GarnetApiCollection))]
public sealed class ApiSurfaceOnGarnetTests(GarnetApiFixture fixture) : ApiSurfaceTests(fixture);
