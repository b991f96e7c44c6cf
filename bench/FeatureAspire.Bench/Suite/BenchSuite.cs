using System.Diagnostics;
using System.Globalization;
using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Load;
using FeatureAspire.Bench.Processes;

namespace FeatureAspire.Bench.Suite;

/// <summary>
/// The scenarios against one store, in an order that keeps each comparison adjacent in time (the machine is shared,
/// so a reference measured minutes apart would be measured on a different machine), then the key ones again with wrk.
/// </summary>
internal sealed class BenchSuite(BenchOptions options, BenchPaths paths, TextWriter log)
{
    /// <summary>
    /// The near cache's settings, on and off, always given explicitly: a comparison of the two must not depend on
    /// FeatureApi's default. The report's method section quotes them.
    /// </summary>
    public const string CacheTtl = "00:00:30", NoCacheTtl = "00:00:00";

    public static Dictionary<string, string> CacheSetting(string ttl) => new() { ["FeatureServing__CacheTtl"] = ttl };

    /// <summary>The tracing process's sampling ratio; the report's method section quotes it.</summary>
    public const string FullSampling = "1.0";

    private const string ClusterSubset = "Cluster: the single extract (beside its HTTP ceiling, the straightforward reference and the compiled formulas), batches of 100, the live " +
        "scenarios (event ingestion, extracts with click windows) and the two-entity extract (a user's and an item's keys in different hash slots) only. " +
        "Skipped: the store ceiling (redis-benchmark speaks to one node, and a primary is the same redis-server as the single-store run's), the open loop, " +
        "batches of 10 and 1,000, the naive batch, the large seeding, the cache and the tracing comparisons, the Zipf workload, the gRPC scenarios and apply-to-served " +
        "(the registry is one key on one node): they measure FeatureApi, which the single-store runs cover.";

    public async Task<StoreRun> RunAsync(StoreKind kind, CancellationToken cancellationToken)
    {
        var run = new StoreRun(kind);
        var started = Stopwatch.GetTimestamp();
        log.WriteLine($"== {run.StoreName}: starting the store");
        await using var store = await StoreServer.StartAsync(kind, paths, cancellationToken);
        run.StoreVersion = store.Version;
        run.StoreNodes.AddRange(store.Nodes.Select(node => node.Label));
        // On a cluster only what the store's distribution changes: the single extract, batches of 100 (fan-out across
        // primaries) and the live windows (ingestion writes, replicated). The rest measures FeatureApi alone.
        var cluster = kind == StoreKind.Cluster;
        if (cluster)
        {
            run.Notes.Add(ClusterSubset);
        }
        var baseline = await store.UsedMemoryAsync(cancellationToken);

        var measure = new ScenarioRunner(options, paths, log, run, store);
        await using var api = await measure.StartApiAsync([], "featureapi-default", cancellationToken);
        var requests = new FeatureRequests(api.Host);
        await measure.SeedAsync(api, SeededEntity.Users, 1, options.Users, baseline, cancellationToken);

        var known = requests.Extract(options.Users);
        var constant = requests.Extract(options.Users, FeatureRequests.ConstantPath);
        var straightforward = requests.Extract(options.Users, FeatureRequests.StraightforwardPath);
        var compiled = requests.Extract(options.Users, FeatureRequests.CompiledPath);
        var storeless = requests.Extract(options.Users, features: FeatureRequests.RequestOnlyFeatures);
        foreach (var connections in new[] { 1, options.Connections })
        {
            await measure.ComparedAsync(cancellationToken,
                new($"ceiling-c{connections}", "1 HTTP ceiling", $"constant JSON, {connections} conn", api, constant, connections),
                new($"extract-c{connections}", "1 single extract", $"extract, known users, {connections} conn", api, known, connections),
                new($"compiled-c{connections}", "1 single extract", $"extract with the compiled formulas (C# lambdas), known users, {connections} conn", api, compiled, connections),
                new($"straight-c{connections}", "1 single extract", $"straightforward reference, known users, {connections} conn", api, straightforward, connections),
                new($"nostore-c{connections}", "1 single extract", $"extract of request-only features (no store read), {connections} conn", api, storeless, connections));
        }
        if (!cluster)
        {
            await StoreCeilingAsync(run, measure, api, store, cancellationToken);
        }

        foreach (var rate in cluster ? [] : options.OpenLoopRates)
        {
            await measure.MeasureAsync(api, $"open-{rate}", "2 open loop", $"extract at {rate:N0} req/s, {options.Connections} conn",
                () => OpenLoop.RunAsync(api.Endpoint, known, rate, options.Connections, options.Warmup, options.Duration, cancellationToken));
        }

        foreach (var size in cluster ? [100] : options.BatchSizes)
        {
            var batch = requests.Batch(options.Users, size);
            var straight = requests.Batch(options.Users, size, FeatureRequests.StraightforwardBatchPath);
            var naive = requests.Batch(options.Users, size, FeatureRequests.NaiveBatchPath);
            var compiledBatch = requests.Batch(options.Users, size, FeatureRequests.CompiledBatchPath);
            foreach (var connections in options.BatchConnections(size))
            {
                List<Compared> compared =
                [
                    new($"batch{size}-c{connections}", "3 batch extract", $"batch of {size}, {connections} conn", api, batch, connections),
                    new($"straightbatch{size}-c{connections}", "3 batch extract", $"straightforward batch of {size}, {connections} conn", api, straight, connections),
                ];
                // Expressions against compiled formulas at the size that matters most; the others would add minutes to a full run.
                if (size == 100)
                {
                    compared.Insert(1, new($"compiledbatch{size}-c{connections}", "3 batch extract", $"batch of {size} with the compiled formulas, {connections} conn", api, compiledBatch, connections));
                }
                await measure.ComparedAsync(cancellationToken, [.. compared]);
                if (!cluster)
                {
                    await measure.ClosedAsync(api, $"naive{size}-c{connections}", "3 batch extract", $"naive batch of {size}, {connections} conn", naive, connections, cancellationToken);
                }
            }
        }

        await LiveAsync(measure, api, requests, cancellationToken);
        await WrkAsync(measure, api, cancellationToken);
        // gRPC measures FeatureApi's serving, not the store's distribution: not on a cluster.
        if (!cluster)
        {
            await new GrpcScenarios(options, paths, run, measure).RunAsync(api, cancellationToken);
        }

        if (!cluster)
        {
            if (options.LargeSeedUsers is { } large)
            {
                await measure.SeedAsync(api, SeededEntity.Users, options.Users + 1, large, baseline, cancellationToken);
            }
            await OtherSettingsAsync(measure, api, known, cancellationToken);
        }

        // Last, because they apply repositories and nothing after them may rely on the default one. A cluster runs the
        // two-entity extract (a user's and an item's keys hash to different slots), not apply-to-served (the registry
        // is one key on one node, as on a single store).
        var served = await RepositoryScenarios.ServedDocumentAsync(api, cancellationToken);
        var repository = new RepositoryScenarios(options, run, store, measure, log);
        await repository.TwoEntitiesAsync(api, served, cancellationToken);
        if (!cluster)
        {
            await new ZipfScenarios(options, measure, log).RunAsync(api, cancellationToken);
            await repository.ApplyToServedAsync(api, served, cancellationToken);
        }

        run.Elapsed = Stopwatch.GetElapsedTime(started);
        return run;
    }

    /// <summary>
    /// The cache and tracing comparisons need other settings, so other processes: started beside the default one
    /// (idle processes cost next to nothing) so each pair is measured back to back.
    /// </summary>
    private async Task OtherSettingsAsync(ScenarioRunner measure, FeatureApiServer api, RequestSet known, CancellationToken cancellationToken)
    {
        await using var cached = await measure.StartApiAsync(CacheSetting(CacheTtl), "featureapi-cache", cancellationToken);
        await using var uncached = await measure.StartApiAsync(CacheSetting(NoCacheTtl), "featureapi-nocache", cancellationToken);
        var hot = new FeatureRequests(uncached.Host).Extract(options.HotUsers);
        var cachedRequests = new FeatureRequests(cached.Host);
        var hotCached = cachedRequests.Extract(options.HotUsers);
        await measure.WarmAsync(cached, hotCached, cancellationToken);
        await measure.WarmAsync(uncached, hot, cancellationToken);
        var c = options.Connections;
        await measure.ComparedAsync(cancellationToken,
            new($"hot-nocache-c{c}", "6 cache", $"extract, hot set of {options.HotUsers:N0}, cache off, {c} conn", uncached, hot, c),
            new($"hot-cache-c{c}", "6 cache", $"extract, hot set of {options.HotUsers:N0}, cache on, {c} conn", cached, hotCached, c),
            new($"ceiling-cache-c{c}", "6 cache", $"constant JSON (cache-on process), {c} conn", cached, cachedRequests.Extract(options.Users, FeatureRequests.ConstantPath), c));
        await measure.ClosedAsync(cached, "hot-cache-c1", "6 cache", $"extract, hot set of {options.HotUsers:N0}, cache on, 1 conn", hotCached, 1, cancellationToken);
        await cached.DisposeAsync();
        await uncached.DisposeAsync();

        await using var traced = await measure.StartApiAsync(new() { ["Telemetry__SamplingRatio"] = FullSampling }, "featureapi-tracing", cancellationToken);
        var tracedKnown = new FeatureRequests(traced.Host).Extract(options.Users);
        await measure.WarmAsync(traced, tracedKnown, cancellationToken);
        foreach (var connections in new[] { 1, c })
        {
            await measure.ComparedAsync(cancellationToken,
                new($"sampled-c{connections}", "8 tracing", $"extract, sampling 0.1 (production default), {connections} conn", api, known, connections),
                new($"traced-c{connections}", "8 tracing", $"extract, sampling {FullSampling}, {connections} conn", traced, tracedKnown, connections));
        }
    }

    /// <summary>Event ingestion, then extracts with and without the three click windows, back to back.</summary>
    private async Task LiveAsync(ScenarioRunner measure, FeatureApiServer api, FeatureRequests requests, CancellationToken cancellationToken)
    {
        foreach (var size in options.EventBatchSizes)
        {
            await measure.ClosedAsync(api, $"events{size}", "4 ingestion", $"events in batches of {size}, 8 conn", requests.Events(options.Users, size), 8, cancellationToken);
        }
        // Every id new, so every event takes the exactly-once path (scripts of 32 events, each recording its id).
        var idBatch = options.EventBatchSizes[^1];
        await measure.ClosedAsync(api, $"eventids{idBatch}", "4 ingestion", $"events with ids in batches of {idBatch}, 8 conn", requests.EventsWithIds(options.Users, idBatch), 8, cancellationToken);
        var plain = requests.Extract(options.Users);
        var live = requests.Extract(options.Users, features: FeatureRequests.LiveFeatures);
        foreach (var connections in new[] { 1, options.Connections })
        {
            await measure.ComparedAsync(cancellationToken,
                new($"liveoff-c{connections}", "4 ingestion", $"extract, default features, {connections} conn", api, plain, connections),
                new($"live-c{connections}", "4 ingestion", $"extract + clicks_1h/24h/7d, {connections} conn", api, live, connections));
        }
    }

    /// <summary>The key closed-loop scenarios again with wrk, each group in alternating slices like our own comparisons.</summary>
    private async Task WrkAsync(ScenarioRunner measure, FeatureApiServer api, CancellationToken cancellationToken)
    {
        var c = options.Connections;
        WrkRequests extract = new(FeatureRequests.ExtractPath), ceiling = new(FeatureRequests.ConstantPath), straight = new(FeatureRequests.StraightforwardPath);
        WrkRequests storeless = new(FeatureRequests.ExtractPath, Features: FeatureRequests.RequestOnlyFeatures), compiled = new(FeatureRequests.CompiledPath);
        List<WrkCompared[]> groups =
        [
            [new("ceiling-c1", ceiling, 1), new("extract-c1", extract, 1), new("compiled-c1", compiled, 1), new("straight-c1", straight, 1), new("nostore-c1", storeless, 1)],
            [new($"ceiling-c{c}", ceiling, c), new($"extract-c{c}", extract, c), new($"compiled-c{c}", compiled, c), new($"straight-c{c}", straight, c), new($"nostore-c{c}", storeless, c)],
        ];
        if (options.Mode != BenchMode.Smoke)
        {
            WrkRequests batch = new(FeatureRequests.BatchPath, 100), straightBatch = new(FeatureRequests.StraightforwardBatchPath, 100);
            WrkRequests compiledBatch = new(FeatureRequests.CompiledBatchPath, 100);
            WrkRequests live = new(FeatureRequests.ExtractPath, Features: FeatureRequests.LiveFeatures);
            groups.Add([new("batch100-c1", batch, 1), new("compiledbatch100-c1", compiledBatch, 1)]);
            groups.Add([new($"batch100-c{c}", batch, c), new($"compiledbatch100-c{c}", compiledBatch, c), new($"straightbatch100-c{c}", straightBatch, c)]);
            // The plain extract names no features, as our generator's does: both measure the default set's path.
            groups.Add([new("liveoff-c1", extract, 1), new("live-c1", live, 1)]);
            groups.Add([new($"liveoff-c{c}", extract, c), new($"live-c{c}", live, c)]);
        }
        await measure.WrkComparedAsync(api, groups, cancellationToken);
    }

    private async Task StoreCeilingAsync(StoreRun run, ScenarioRunner measure, FeatureApiServer api, StoreServer store, CancellationToken cancellationToken)
    {
        if (!RedisBenchmark.IsInstalled)
        {
            run.Notes.Add("Store ceiling: redis-benchmark is not installed (apt-get install redis-tools); skipped.");
            return;
        }
        foreach (var clients in new[] { 1, options.Connections })
        {
            // Sized to run about as long as one measured window: ~25k HMGET/s on one client, ~80k/s on many.
            var count = (int)(options.Duration.TotalSeconds * (clients == 1 ? 20_000 : 60_000));
            var logPath = Path.Combine(paths.LogDirectory, $"redis-benchmark-{run.StoreName}-c{clients}.log");
            log.WriteLine($"   store-c{clients}: redis-benchmark -c {clients} -n {count} {string.Join(' ', RedisBenchmark.Command)}");
            var (result, cpu) = await CpuSplit.MeasureAsync(api.ProcessId, store.ProcessIds,
                () => RedisBenchmark.RunAsync(store, clients, count, logPath, cancellationToken));
            measure.Record(new ScenarioResult($"store-c{clients}", "1 store ceiling", $"redis-benchmark HMGET, {clients} client(s)", $"{count:N0} requests", cpu)
            {
                External = result,
                ApiSettings = "-",
            });
        }
    }
}
