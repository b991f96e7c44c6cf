using System.Globalization;
using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Load;
using FeatureAspire.Bench.Processes;

namespace FeatureAspire.Bench.Suite;

/// <summary>
/// One side of a comparison: the FeatureApi process it measures and how our generator loads it for one slice (warm-up,
/// measured window); usually a closed loop of HTTP requests on some connections, or a gRPC load.
/// </summary>
internal sealed record Compared(string Id, string Group, string Title, FeatureApiServer Api, Func<TimeSpan, TimeSpan, CancellationToken, Task<LoadResult>> Load)
{
    /// <summary>A closed loop of <paramref name="requests"/> on <paramref name="connections"/> connections.</summary>
    public Compared(string id, string group, string title, FeatureApiServer api, RequestSet requests, int connections)
        : this(id, group, title, api, (warmup, duration, cancellationToken) => ClosedLoop.RunAsync(api.Endpoint, requests, connections, warmup, duration, cancellationToken))
    {
    }
}

/// <summary>One slice of a second-generator comparison: the group's process, how long, and where the generator's output goes.</summary>
internal readonly record struct SecondSlice(BenchPaths Paths, long Users, FeatureApiServer GroupApi, TimeSpan Duration, string LogStem, CancellationToken CancellationToken)
{
    public string LogPath(string generator) => Path.Combine(Paths.LogDirectory, $"{generator}-{LogStem}.log");
}

/// <summary>
/// One side of a second-generator comparison: the scenario id it checks and how one slice is measured; wrk for HTTP
/// (what it sends, on how many connections, to which process: the group's when null), h2load for gRPC.
/// </summary>
internal sealed record WrkCompared(string Id, Func<SecondSlice, Task<WrkResult>> Measure)
{
    public WrkCompared(string id, WrkRequests requests, int connections, FeatureApiServer? api = null)
        : this(id, slice => Wrk.RunAsync(slice.Paths, api ?? slice.GroupApi, requests, requests.Users ?? slice.Users, connections, slice.Duration,
            slice.LogPath("wrk"), slice.CancellationToken))
    {
    }
}

/// <summary>
/// Measures scenarios against one store and records them in its <see cref="StoreRun"/>, each with the CPU split of
/// the machine meanwhile: the primitives every group of scenarios uses, so a group is a list of what to compare.
/// </summary>
internal sealed class ScenarioRunner(BenchOptions options, BenchPaths paths, TextWriter log, StoreRun run, StoreServer store)
{
    /// <summary>
    /// Scenarios compared with each other, run in alternating slices (A B C A B C ...) and each merged back into one
    /// result, so that load from other processes on a shared machine lands on every side of the comparison.
    /// </summary>
    public async Task ComparedAsync(CancellationToken cancellationToken, params Compared[] scenarios)
    {
        var slices = scenarios.Select(_ => new List<(LoadResult Result, CpuSplit Cpu)>()).ToArray();
        var sliceDuration = options.Duration / options.Rounds;
        for (var round = 0; round < options.Rounds; round++)
        {
            for (var i = 0; i < scenarios.Length; i++)
            {
                var s = scenarios[i];
                var warmup = round == 0 ? options.Warmup : options.SliceWarmup;
                slices[i].Add(await CpuSplit.MeasureAsync(s.Api.ProcessId, store.ProcessIds, () => s.Load(warmup, sliceDuration, cancellationToken)));
            }
        }
        for (var i = 0; i < scenarios.Length; i++)
        {
            var s = scenarios[i];
            Record(new ScenarioResult(s.Id, s.Group, s.Title,
                options.Rounds == 1 ? "closed loop" : $"closed loop, {options.Rounds} alternating slices", CpuSplit.Combine([.. slices[i].Select(x => x.Cpu)]))
            {
                Result = LoadResult.Combine([.. slices[i].Select(x => x.Result)]),
                ApiSettings = s.Api.Settings,
            });
        }
    }

    public Task ClosedAsync(FeatureApiServer api, string id, string group, string title, RequestSet requests, int connections,
        CancellationToken cancellationToken) =>
        MeasureAsync(api, id, group, title,
            () => ClosedLoop.RunAsync(api.Endpoint, requests, connections, options.Warmup, options.Duration, cancellationToken));

    public async Task MeasureAsync(FeatureApiServer api, string id, string group, string title, Func<Task<LoadResult>> load)
    {
        var (result, cpu) = await CpuSplit.MeasureAsync(api.ProcessId, store.ProcessIds, load);
        var loadText = result.TargetRate is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"open loop {rate:N0}/s")
            : "closed loop";
        Record(new ScenarioResult(id, group, title, loadText, cpu) { Result = result, ApiSettings = api.Settings });
    }

    /// <summary>
    /// Groups of scenarios measured again with wrk, each group in alternating slices like our own comparisons. A
    /// number only one generator sees is a finding about the server's connection handling, not noise.
    /// </summary>
    public async Task WrkComparedAsync(FeatureApiServer api, IEnumerable<WrkCompared[]> groups, CancellationToken cancellationToken)
    {
        if (!Wrk.IsInstalled)
        {
            // h2load alone could still run its gRPC rows, but without wrk's JSON reference beside them they compare with nothing.
            const string skipped = "wrk is not installed (apt-get install wrk): the second load generator was skipped.";
            if (!run.Notes.Contains(skipped))
            {
                run.Notes.Add(skipped);
            }
            return;
        }
        var slice = options.Duration / options.Rounds;
        foreach (var group in groups)
        {
            var slices = group.Select(_ => new List<WrkResult>()).ToArray();
            for (var round = 0; round < options.Rounds; round++)
            {
                for (var i = 0; i < group.Length; i++)
                {
                    slices[i].Add(await group[i].Measure(new SecondSlice(paths, options.Users, api, slice, $"{run.StoreName}-{group[i].Id}-{round}", cancellationToken)));
                }
            }
            for (var i = 0; i < group.Length; i++)
            {
                var result = run.Wrk[group[i].Id] = WrkResult.Combine(slices[i]);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   wrk {group[i].Id,-18} {result.RequestsPerSecond,10:N0} req/s  p50 {result.P50Ms,7:0.000} ms  p99 {result.P99Ms,7:0.000} ms  p99.9 {result.P999Ms,7:0.000} ms{(result.Errors + result.Degraded > 0 ? $"  errors {result.Errors}, degraded {result.Degraded}" : "")}"));
            }
        }
    }

    /// <summary>Seeds instances <paramref name="first"/>..<paramref name="last"/> of an entity through its bulk write and records how it went.</summary>
    public async Task SeedAsync(FeatureApiServer api, SeededEntity entity, long first, long last, long? memoryBaseline, CancellationToken cancellationToken)
    {
        log.WriteLine($"   seeding {entity.Plural} {first:N0}..{last:N0} through PUT {entity.WritePath}");
        var seed = await Seeder.SeedAsync(api, store, entity, first, last, memoryBaseline, cancellationToken);
        run.Seeds.Add(seed);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   seeded {seed.Count:N0} {seed.Entity} in {seed.Seconds:0.0} s = {seed.PerSecond:N0}/s; {seed.InStore:N0} in the store{(seed.BytesPerInstance is { } bytes ? $", {bytes:N0} bytes each" : "")}"));
    }

    /// <summary>Another FeatureApi process on this store, with the given settings beyond the defaults.</summary>
    public async Task<FeatureApiServer> StartApiAsync(Dictionary<string, string> settings, string name, CancellationToken cancellationToken)
    {
        log.WriteLine($"   FeatureApi ({(settings.Count == 0 ? "defaults" : string.Join(", ", settings.Select(s => s.Key + "=" + s.Value)))})");
        return await FeatureApiServer.StartAsync(paths, store, settings, $"{name}-{store.Kind.ToString().ToLowerInvariant()}.log", cancellationToken);
    }

    /// <summary>A fresh process runs unoptimized code at first: load it, unmeasured, before its first scenario.</summary>
    public async Task WarmAsync(FeatureApiServer api, RequestSet requests, CancellationToken cancellationToken)
    {
        var constant = new FeatureRequests(api.Host).Extract(options.Users, FeatureRequests.ConstantPath);
        foreach (var set in new[] { requests, constant })
        {
            await ClosedLoop.RunAsync(api.Endpoint, set, options.Connections, TimeSpan.Zero, options.Warmup * 1.5, cancellationToken);
        }
    }

    /// <summary>Adds a measured scenario to the run and prints its line.</summary>
    public void Record(ScenarioResult s)
    {
        run.Scenarios.Add(s);
        var errors = s.Result is { } r && (r.Errors > 0 || r.Degraded > 0 || r.Incomplete > 0)
            ? $"  errors {r.Errors}, degraded {r.Degraded}, incomplete {r.Incomplete}" : "";
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {s.Id,-22} {s.RequestsPerSecond,10:N0} req/s  p50 {s.P50Ms,7:0.000} ms  p99 {s.P99Ms,7:0.000} ms  cpu lg/api/store/other {s.Cpu.LoadGeneratorPercent:0}/{s.Cpu.ApiPercent:0}/{s.Cpu.StorePercent:0}/{s.Cpu.OtherPercent:0} %{errors}"));
    }
}
