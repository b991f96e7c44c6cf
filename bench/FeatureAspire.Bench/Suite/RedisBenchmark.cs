using System.Globalization;
using FeatureAspire.Bench.Processes;
using FeatureAspire.Store.Hosting;

namespace FeatureAspire.Bench.Suite;

/// <summary>
/// The store ceiling: redis-benchmark sending the very HMGET the extract issues, at the same concurrency, with no
/// HTTP and no .NET in between.
/// </summary>
internal static class RedisBenchmark
{
    public static readonly string[] Command = ["HMGET", "fs:{u:1}", "user_age", "ts:user_age", "last_7d_clicks", "ts:last_7d_clicks"];

    private const string Executable = "redis-benchmark";

    public static bool IsInstalled => ExecutableOnPath.Find(Executable) is not null;

    public static async Task<ExternalLatency> RunAsync(StoreServer store, int clients, int requests, string logPath, CancellationToken cancellationToken)
    {
        await using var process = ChildProcess.Start(Executable, Executable,
            ["-h", "127.0.0.1", "-p", store.Port.ToString(CultureInfo.InvariantCulture), "-a", store.Password,
             "-c", clients.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture), "--csv", .. Command],
            logPath);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-benchmark exited with {process.ExitCode}:\n{process.Tail()}");
        }

        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        var line = File.ReadLines(logPath).LastOrDefault(l => l.StartsWith("\"HMGET", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"redis-benchmark printed no result:\n{process.Tail()}");
        var cells = line.Split("\",\"").Select(c => c.Trim('"')).ToArray();
        double Cell(int i) => double.Parse(cells[i], CultureInfo.InvariantCulture);
        return new ExternalLatency(Cell(1), Cell(4), Cell(5), Cell(6), Cell(7), requests);
    }
}
