using System.Globalization;
using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Processes;
using FeatureAspire.Store.Hosting;

namespace FeatureAspire.Bench.Load;

/// <summary>
/// What wrk sends in one scenario: the path, a batch size (0 for single extracts), the features asked for, and the
/// body's shape: the seed's (userId, currentValue) or the entities shape, naming an item of 1..<see cref="Items"/>
/// beside the user when <see cref="Items"/> is above 0; or, with <see cref="Candidates"/> above 0, ranking calls of that
/// many distinct items drawn by Zipf's law from 1..<see cref="Items"/>, <see cref="Variants"/> different ones.
/// <see cref="ZipfUsers"/> draws the seed shape's users by Zipf's law instead of uniformly; <see cref="Users"/>, when
/// set, draws them from 1..Users instead of every seeded one (1 asks for user 1 every time, as h2load's one body does).
/// </summary>
internal sealed record WrkRequests(string Path, int Batch = 0, string[]? Features = null, bool EntitiesShape = false, long Items = 0,
    int Candidates = 0, int Variants = 0, bool ZipfUsers = false, long? Users = null)
{
    public int Entities => Math.Max(1, Math.Max(Batch, Candidates));
}

/// <summary>
/// wrk 4 (apt), the independent HTTP/1.1 load generator: closed loop only (it has no pacer; wrk2 is not packaged), so
/// it checks the closed-loop scenarios. Latencies come from its own histogram, read through bench/wrk/requests.lua.
/// </summary>
internal static class Wrk
{
    private const string Executable = "wrk";

    public static bool IsInstalled => ExecutableOnPath.Find(Executable) is not null;

    public static async Task<WrkResult> RunAsync(BenchPaths paths, FeatureApiServer api, WrkRequests requests, long users, int connections,
        TimeSpan duration, string logPath, CancellationToken cancellationToken)
    {
        var threads = Math.Min(connections, 2);
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        await using var process = ChildProcess.Start(Executable, Executable,
            ["-t", I(threads), "-c", I(connections), "-d", $"{I(seconds)}s", "--timeout", "10s", "-s", Path.Combine(paths.RepositoryRoot, "bench", "wrk", "requests.lua"),
             $"http://{api.Host}"],
            logPath,
            new Dictionary<string, string?>
            {
                ["WRK_PATH"] = requests.Path,
                ["WRK_USERS"] = I(users),
                ["WRK_BATCH"] = I(requests.Batch),
                ["WRK_FEATURES"] = requests.Features is null ? null : string.Join(',', requests.Features),
                ["WRK_SHAPE"] = requests.Candidates > 0 ? "candidates" : requests.EntitiesShape ? "entities" : "seed",
                ["WRK_CANDIDATES"] = I(requests.Candidates),
                // Each thread builds its share of the variants, with its own seed.
                ["WRK_VARIANTS"] = requests.Variants > 0 ? I((requests.Variants + threads - 1) / threads) : null,
                ["WRK_USER_DIST"] = requests.ZipfUsers ? "zipf" : "uniform",
                ["WRK_ITEMS"] = I(requests.Items),
                ["WRK_KEY"] = BenchApiKey.Value,
            });
        await process.WaitForExitAsync(cancellationToken);
        var line = File.ReadLines(logPath).LastOrDefault(l => l.StartsWith("WRK_RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode} and no result:\n{process.Tail()}");
        }
        var values = line["WRK_RESULT ".Length..].Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        return new WrkResult(values["requests"], values["duration_us"] / 1e6, requests.Entities,
            values["p50_us"] / 1e3, values["p90_us"] / 1e3, values["p99_us"] / 1e3, values["p999_us"] / 1e3, values["max_us"] / 1e3,
            values["socket_errors"] + values["not_ok"], values["degraded"]);
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One wrk run, or several slices of one scenario merged (see <see cref="Combine"/>); latencies in ms.</summary>
internal sealed record WrkResult(long Requests, double Seconds, int Entities, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs,
    long Errors, long Degraded)
{
    public double RequestsPerSecond => Requests / Seconds;
    public double EntitiesPerSecond => RequestsPerSecond * Entities;

    /// <summary>
    /// wrk prints percentiles, not histograms, so slices cannot be merged exactly: counts add up, each percentile is
    /// the median of the slices' (the slice hit hardest by other load on the machine does not decide), max is the max.
    /// </summary>
    public static WrkResult Combine(IReadOnlyList<WrkResult> slices)
    {
        double Median(Func<WrkResult, double> value)
        {
            var sorted = slices.Select(value).Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
        return new WrkResult(slices.Sum(s => s.Requests), slices.Sum(s => s.Seconds), slices[0].Entities,
            Median(s => s.P50Ms), Median(s => s.P90Ms), Median(s => s.P99Ms), Median(s => s.P999Ms), slices.Max(s => s.MaxMs),
            slices.Sum(s => s.Errors), slices.Sum(s => s.Degraded));
    }
}
