using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Load;
using FeatureAspire.Bench.Processes;

namespace FeatureAspire.Bench.Suite;

/// <summary>One window of the soak: how it answered, and the memory of FeatureApi and the store at its end.</summary>
internal sealed record SoakSample(double Minute, double RequestsPerSecond, double P99Ms, long Errors, long Degraded, long Incomplete,
    long WorkingSetBytes, long GcHeapBytes, int Gen2Collections, double GcPauseMs, long? StoreBytes);

/// <summary>A soak against one store: the closed-loop maximum of its workload, then the windows at half of it.</summary>
internal sealed class SoakRun(StoreKind store, string name, string workload)
{
    public StoreKind Store { get; } = store;
    public string StoreName => Store.Name();

    /// <summary>The soak's name in titles and file names: <c>soak</c> (the mix) or <c>zipf-soak</c>.</summary>
    public string Name { get; } = name;

    /// <summary>What was sent, for the report.</summary>
    public string Workload { get; } = workload;
    public string StoreVersion { get; set; } = "?";
    public double MaxRequestsPerSecond { get; set; }
    public double Rate { get; set; }
    public List<SoakSample> Samples { get; } = [];

    /// <summary>The Zipf soak's writes through another process and the verifier's reads of them.</summary>
    public CoherenceResult? Coherence { get; set; }
}

/// <summary>
/// Hours of service in minutes: a mix of extracts, batches, writes and events at half the closed-loop maximum, in
/// windows, with FeatureApi's working set and GC heap and the store's memory read after each one.
/// </summary>
internal sealed class Soak(BenchOptions options, BenchPaths paths, TextWriter log)
{
    public const int Connections = 32;

    /// <summary>Events go to this many users only, so the store's new tiles stay a few kilobytes a minute (they expire after their window).</summary>
    public const int EventUsers = 100;

    /// <summary>Of every 20 requests: 17 single extracts, 1 batch of 10, 1 write of one user, 1 batch of 10 events.</summary>
    public static readonly string MixText = "85 % single extracts, 5 % batches of 10, 5 % one-user writes, 5 % batches of 10 click events";

    public async Task<SoakRun> RunAsync(StoreKind kind, TimeSpan length, CancellationToken cancellationToken)
    {
        var run = new SoakRun(kind, "soak", $"{MixText} (events on {EventUsers} users)");
        log.WriteLine($"== soak on {run.StoreName}: {length.TotalMinutes:0.#} min");
        await using var store = await StoreServer.StartAsync(kind, paths, cancellationToken);
        run.StoreVersion = store.Version;
        await using var api = await FeatureApiServer.StartAsync(paths, store, new Dictionary<string, string>(), $"featureapi-soak-{run.StoreName}.log", cancellationToken);
        var seed = await Seeder.SeedAsync(api, store, SeededEntity.Users, 1, options.Users, null, cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   seeded {seed.Count:N0} users"));
        await WindowsAsync(run, api, store, Mix(new FeatureRequests(api.Host), options.Users), length, options.Warmup, log, cancellationToken);
        return run;
    }

    /// <summary>
    /// The closed-loop maximum of <paramref name="requests"/>, then open-loop windows at half of it for
    /// <paramref name="length"/>, with <paramref name="api"/>'s memory and the store's read after each window.
    /// </summary>
    public static async Task WindowsAsync(SoakRun run, FeatureApiServer api, StoreServer store, RequestSet requests, TimeSpan length, TimeSpan warmup,
        TextWriter log, CancellationToken cancellationToken)
    {
        var max = await ClosedLoop.RunAsync(api.Endpoint, requests, Connections, warmup, TimeSpan.FromSeconds(Math.Min(10, Math.Max(2, length.TotalSeconds / 10))), cancellationToken);
        run.MaxRequestsPerSecond = max.RequestsPerSecond;
        run.Rate = Math.Round(max.RequestsPerSecond / 2);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   closed-loop maximum {max.RequestsPerSecond:N0} req/s; soaking at {run.Rate:N0} req/s"));

        var window = TimeSpan.FromSeconds(Math.Clamp(length.TotalSeconds / 20, 3, 30));
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < length)
        {
            var result = await OpenLoop.RunAsync(api.Endpoint, requests, run.Rate, Connections, TimeSpan.Zero, window, cancellationToken);
            var (_, body) = await api.GetAsync("/bench/runtime", cancellationToken);
            var runtime = JsonDocument.Parse(body).RootElement;
            var sample = new SoakSample(Stopwatch.GetElapsedTime(started).TotalMinutes, result.RequestsPerSecond, result.PercentileMs(99),
                result.Errors, result.Degraded, result.Incomplete,
                runtime.GetProperty("workingSetBytes").GetInt64(), runtime.GetProperty("gcHeapBytes").GetInt64(),
                runtime.GetProperty("gen2").GetInt32(), runtime.GetProperty("pauseMs").GetDouble(), await store.UsedMemoryAsync(cancellationToken));
            run.Samples.Add(sample);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {sample.Minute,5:0.0} min {sample.RequestsPerSecond,8:N0} req/s  p99 {sample.P99Ms,7:0.000} ms  errors {sample.Errors} degraded {sample.Degraded}  working set {sample.WorkingSetBytes / 1e6:0} MB  GC heap {sample.GcHeapBytes / 1e6:0.0} MB  store {(sample.StoreBytes ?? 0) / 1e6:0.0} MB"));
        }
    }

    private static RequestSet Mix(FeatureRequests requests, long users)
    {
        var extracts = requests.Extract(users);
        var batches = requests.Batch(users, 10);
        var events = requests.Events(EventUsers, 10);
        var random = new Random(11);
        var mixed = new List<byte[]>();
        for (var i = 0; i < 400; i++)
        {
            mixed.Add((i % 20) switch
            {
                17 => batches[i],
                18 => requests.SeedUsers(random.NextInt64(1, users + 1), 1),
                19 => events[i],
                _ => extracts[i],
            });
        }
        return new RequestSet("POST", "mixed", [.. mixed], 1);
    }
}
