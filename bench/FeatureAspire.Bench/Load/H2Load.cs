using System.Globalization;
using System.Text.Json;
using FeatureAspire.Bench.Grpc;
using FeatureAspire.Bench.Processes;
using FeatureAspire.Store.Hosting;

namespace FeatureAspire.Bench.Load;

/// <summary>
/// What FeatureApi itself counted for one gRPC method over a run (<c>GET /bench/grpc/answers</c>, before and after):
/// calls ended OK or with an error status, and answers marked degraded.
/// </summary>
internal sealed record GrpcServerCount(long Ok, long Failed, long Degraded)
{
    public static async Task<GrpcServerCount> ReadAsync(FeatureApiServer api, string method, CancellationToken cancellationToken)
    {
        var (status, body) = await api.GetAsync("/bench/grpc/answers", cancellationToken);
        if (status != 200)
        {
            throw new InvalidOperationException($"GET /bench/grpc/answers answered {status}: {body}");
        }
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty(method, out var counts)
            ? new GrpcServerCount(counts.GetProperty("ok").GetInt64(), counts.GetProperty("failed").GetInt64(), counts.GetProperty("degraded").GetInt64())
            : new GrpcServerCount(0, 0, 0);
    }

    public static GrpcServerCount operator -(GrpcServerCount after, GrpcServerCount before) =>
        new(after.Ok - before.Ok, after.Failed - before.Failed, after.Degraded - before.Degraded);

    public static GrpcServerCount operator +(GrpcServerCount a, GrpcServerCount b) => new(a.Ok + b.Ok, a.Failed + b.Failed, a.Degraded + b.Degraded);
}

/// <summary>
/// One h2load run checked against the server: h2load's HTTP 200s (which a failed gRPC call also gets: its status is
/// in the trailers) and what FeatureApi counted meanwhile, warm-up included. Every 200 was a real answer when the
/// server ended no call with an error and answered OK at least as often as h2load counted.
/// </summary>
internal sealed record H2LoadCheck(string Id, long Http200, GrpcServerCount Server)
{
    public bool Honest => Server.Failed == 0 && Server.Ok >= Http200;
}

/// <summary>
/// h2load (Debian's nghttp2-client), the independent HTTP/2 generator for the unary gRPC scenarios: one connection,
/// N streams in flight, the same pre-framed body on every call (the 5-byte gRPC prefix and the protobuf message),
/// latencies from its per-request log (<c>--log-file</c>). Like wrk's slices, no warm-up: the process is warm by then.
/// </summary>
internal static class H2Load
{
    private const string Executable = "h2load";

    public static bool IsInstalled => ExecutableOnPath.Find(Executable) is not null;

    public static async Task<(WrkResult Result, H2LoadCheck Check)> RunAsync(string id, FeatureApiServer api, string method, string bodyFile,
        int concurrent, TimeSpan duration, string logPath, CancellationToken cancellationToken)
    {
        var requestLog = Path.ChangeExtension(logPath, ".tsv");
        var before = await GrpcServerCount.ReadAsync(api, method, cancellationToken);
        await using var process = ChildProcess.Start(Executable, Executable,
            ["-c", "1", "-t", "1", "-m", I(concurrent), "-D", $"{I((long)duration.TotalMilliseconds)}ms",
             "-d", bodyFile, "-H", "content-type: application/grpc", "-H", "te: trailers", "-H", $"x-api-key: {Http.BenchApiKey.Value}",
             $"--log-file={requestLog}", api.GrpcAddress + method.TrimStart('/')],
            logPath);
        await process.WaitForExitAsync(cancellationToken);
        var server = await GrpcServerCount.ReadAsync(api, method, cancellationToken) - before;
        var output = File.ReadAllLines(logPath);
        var requests = output.FirstOrDefault(l => l.StartsWith("requests:", StringComparison.Ordinal));
        var codes = output.FirstOrDefault(l => l.StartsWith("status codes:", StringComparison.Ordinal));
        if (process.ExitCode != 0 || requests is null || codes is null)
        {
            throw new InvalidOperationException($"h2load exited with {process.ExitCode} and no result:\n{process.Tail()}");
        }
        // "requests: 9 total, 9 started, 9 done, 9 succeeded, 0 failed, 0 errored, 0 timeout"; "status codes: 9 2xx, 0 3xx, 0 4xx, 0 5xx"
        long Count(string line, string label) => long.Parse(line.Split(',', ':').Select(p => p.Trim()).First(p => p.EndsWith(" " + label, StringComparison.Ordinal)).Split(' ')[0],
            CultureInfo.InvariantCulture);
        var ok200 = Count(codes, "2xx");
        // "failed" includes the errored and timed-out ones; a succeeded request that was not a 200 is an error too.
        var failed = Count(requests, "failed") + Math.Max(0, Count(requests, "succeeded") - ok200);

        // Start in µs since the epoch, status, µs until the end of the response.
        var latenciesUs = File.ReadLines(requestLog).Select(l => l.Split('\t')).Where(c => c.Length >= 3)
            .Select(c => long.Parse(c[2], CultureInfo.InvariantCulture)).Order().ToArray();
        File.Delete(requestLog);
        double Percentile(double p) => latenciesUs.Length == 0 ? double.NaN : latenciesUs[Math.Min(latenciesUs.Length - 1, (int)Math.Ceiling(p / 100 * latenciesUs.Length) - 1)] / 1e3;
        var result = new WrkResult(ok200, duration.TotalSeconds, 1, Percentile(50), Percentile(90), Percentile(99), Percentile(99.9),
            latenciesUs.Length == 0 ? double.NaN : latenciesUs[^1] / 1e3, failed + server.Failed, server.Degraded);
        return (result, new H2LoadCheck(id, ok200, server));
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
