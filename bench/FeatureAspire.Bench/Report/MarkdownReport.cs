using System.Text;
using FeatureAspire.Bench.Load;
using FeatureAspire.Bench.Suite;
using static FeatureAspire.Bench.Report.Invariant;

namespace FeatureAspire.Bench.Report;

/// <summary>The result file of one store: verdicts first, then ratios, every scenario, the CPU split and the method.</summary>
internal static class MarkdownReport
{
    public static string Render(StoreRun run, BenchOptions options, RunContext context, string chartFile)
    {
        var c = options.Connections;
        var md = new StringBuilder();
        md.AppendLine(F($"# FeatureApi benchmark: {run.StoreName} ({run.StoreVersion}), {context.Started:yyyy-MM-dd HH:mm} UTC, {options.Mode.ToString().ToLowerInvariant()} mode"));
        md.AppendLine();
        md.AppendLine(F($"Written by `bench/run` at commit `{options.Commit}`, on {context.Machine}; load average {context.LoadAverage} when the run began. "));
        md.AppendLine(F($"{options.Users:N0} users seeded before the extract scenarios{(options.Mode == BenchMode.Full ? "" : F($" ({options.Mode.ToString().ToLowerInvariant()} mode seeds fewer than the 100,000 of a full run)"))}; ") +
            F($"each scenario warms up {options.Warmup.TotalSeconds:0.#} s and measures {options.Duration.TotalSeconds:0.#} s. This store's part took {run.Elapsed.TotalMinutes:0.0} min."));
        var other = run.Scenarios.Sum(s => s.Cpu.OtherPercent * s.Cpu.WallSeconds) / Math.Max(1, run.Scenarios.Sum(s => s.Cpu.WallSeconds));
        if (other > 25)
        {
            md.AppendLine();
            md.AppendLine(F($"> **The machine was shared.** Other processes used {other:0} % of one core on average during the scenarios (see *other* in the CPU table; scenarios above 50 % are marked ⚠). ") +
                "Compared pairs are measured in alternating slices so such load falls on both sides, but treat absolute numbers, and ratios close to a target, as noisy; for numbers to quote, run on a quiet machine.");
        }
        md.AppendLine();

        var own = Target.Evaluate(run, c, Generator.Own);
        var wrk = Target.Evaluate(run, c, Generator.Wrk);
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("Each target is checked on both load generators: ours and wrk (h2load for the gRPC calls). A number only one of them sees is a finding, not noise.");
        md.AppendLine();
        md.AppendLine("| Target | Goal | Our generator | Verdict | wrk / h2load | Verdict |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var t in own)
        {
            var w = wrk.FirstOrDefault(w => w.Name == t.Name);
            md.AppendLine($"| {t.Name} | {t.Goal} | {t.Measured} | {t.Verdict} | {w?.Measured ?? "-"} | {w?.Verdict ?? "-"} |");
        }
        foreach (var w in wrk.Where(w => own.All(t => t.Name != w.Name)))
        {
            md.AppendLine($"| {w.Name} | {w.Goal} | - | - | {w.Measured} | {w.Verdict} |");
        }
        md.AppendLine();
        var missed = own.Where(t => t.Met == false).Select(t => (t, "our generator")).Concat(wrk.Where(t => t.Met == false).Select(t => (t, "wrk"))).ToList();
        md.AppendLine(missed.Count == 0 ? "Every measured target was met in this run." : F($"**{missed.Count} target verdict(s) missed.** Where the time went in each:"));
        md.AppendLine();
        foreach (var (t, generator) in missed)
        {
            md.AppendLine($"- **{t.Name}** ({generator}: {t.Measured}, goal {t.Goal}). {t.WhereTheTimeGoes}");
        }
        md.AppendLine();

        md.AppendLine("## Ratios");
        md.AppendLine();
        md.AppendLine("Against the straightforward reference first (what an engineer would write), then the HTTP ceiling, the store and the article's naive serial design.");
        md.AppendLine();
        md.AppendLine("| Ratio | This run |");
        md.AppendLine("| --- | --- |");
        RatioRow(md, F($"extract ÷ straightforward, req/s at {c} conn"), run[$"extract-c{c}"], run[$"straight-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, "extract ÷ straightforward, p50 at 1 conn", run["extract-c1"], run["straight-c1"], s => s.P50Ms);
        RatioRow(md, F($"extract ÷ HTTP ceiling, req/s at {c} conn"), run[$"extract-c{c}"], run[$"ceiling-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, "extract ÷ HTTP ceiling, p50 at 1 conn", run["extract-c1"], run["ceiling-c1"], s => s.P50Ms);
        RatioRow(md, F($"extract without a store read ÷ HTTP ceiling, req/s at {c} conn"), run[$"nostore-c{c}"], run[$"ceiling-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, F($"extract ÷ extract without a store read, req/s at {c} conn"), run[$"extract-c{c}"], run[$"nostore-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, F($"extract ÷ store ceiling, req/s at {c} conn"), run[$"extract-c{c}"], run[$"store-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, "extract ÷ store ceiling, p50 at 1 conn", run["extract-c1"], run["store-c1"], s => s.P50Ms);
        foreach (var size in options.BatchSizes)
        {
            foreach (var conn in options.BatchConnections(size))
            {
                RatioRow(md, F($"pipeline ÷ straightforward, users/s, batch of {size} at {conn} conn"), run[$"batch{size}-c{conn}"], run[$"straightbatch{size}-c{conn}"], s => s.EntitiesPerSecond);
                RatioRow(md, F($"pipeline ÷ naive, users/s, batch of {size} at {conn} conn"), run[$"batch{size}-c{conn}"], run[$"naive{size}-c{conn}"], s => s.EntitiesPerSecond);
            }
        }
        RatioRow(md, F($"cache on ÷ HTTP ceiling, req/s, hot set at {c} conn"), run[$"hot-cache-c{c}"], run[$"ceiling-cache-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, F($"cache on ÷ cache off, req/s, hot set at {c} conn"), run[$"hot-cache-c{c}"], run[$"hot-nocache-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, F($"sampling 1.0 ÷ 0.1 (default), req/s at {c} conn"), run[$"traced-c{c}"], run[$"sampled-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, "sampling 1.0 ÷ 0.1 (default), p50 at 1 conn", run["traced-c1"], run["sampled-c1"], s => s.P50Ms);
        RatioRow(md, "live aggregates ÷ without, p50 at 1 conn", run["live-c1"], run["liveoff-c1"], s => s.P50Ms);
        RatioRow(md, F($"live aggregates ÷ without, req/s at {c} conn"), run[$"live-c{c}"], run[$"liveoff-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, F($"user and item ÷ user only, req/s at {c} conn"), run[$"twoentities-c{c}"], run[$"useronly-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, "user and item ÷ user only, p50 at 1 conn", run["twoentities-c1"], run["useronly-c1"], s => s.P50Ms);
        RatioRow(md, F($"ranking call, cache on ÷ straightforward, rows/s at {c} conn (Zipf)"), run[$"candidates-cache-c{c}"], run[$"straightcandidates-c{c}"], s => s.EntitiesPerSecond);
        RatioRow(md, F($"ranking call, cache off ÷ straightforward, rows/s at {c} conn (Zipf)"), run[$"candidates-nocache-c{c}"], run[$"straightcandidates-c{c}"], s => s.EntitiesPerSecond);
        RatioRow(md, F($"ranking call, cache on ÷ cache off, rows/s at {c} conn (Zipf)"), run[$"candidates-cache-c{c}"], run[$"candidates-nocache-c{c}"], s => s.EntitiesPerSecond);
        RatioRow(md, "ranking call, cache on ÷ straightforward, p50 at 1 conn (Zipf)", run["candidates-cache-c1"], run["straightcandidates-c1"], s => s.P50Ms);
        RatioRow(md, "ranking call, cache off ÷ straightforward, p50 at 1 conn (Zipf)", run["candidates-nocache-c1"], run["straightcandidates-c1"], s => s.P50Ms);
        RatioRow(md, F($"extract of Zipf users, cache on ÷ HTTP ceiling, req/s at {c} conn"), run[$"zipfuser-cache-c{c}"], run[$"ceiling-zipf-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, F($"extract of Zipf users, cache off ÷ HTTP ceiling, req/s at {c} conn"), run[$"zipfuser-nocache-c{c}"], run[$"ceiling-zipf-c{c}"], s => s.RequestsPerSecond);
        RatioRow(md, "events with ids ÷ without, events/s in batches of 1,000", run["eventids1000"], run["events1000"], s => s.EntitiesPerSecond);
        md.AppendLine();

        md.Append(TwoGenerators(run));
        md.Append(GrpcSection.Render(run, c));

        md.AppendLine("## Where the time goes");
        md.AppendLine();
        foreach (var paragraph in Diagnosis.Read(run, c))
        {
            md.AppendLine(paragraph);
            md.AppendLine();
        }

        md.AppendLine("## Latency by percentile");
        md.AppendLine();
        md.AppendLine($"![latency percentiles]({chartFile})");
        md.AppendLine();
        md.AppendLine("## Scenarios");
        md.AppendLine();
        md.AppendLine("Latencies in ms. Open-loop latencies count from the intended send time. *entities/s* is users/s for batches and events/s for ingestion.");
        md.AppendLine();
        md.AppendLine("| Group | Scenario | Load | req/s | entities/s | p50 | p90 | p99 | p99.9 | max | errors | degraded | bytes/answer |");
        md.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in run.Scenarios.OrderBy(s => s.Group, StringComparer.Ordinal))
        {
            if (s.Result is { } r)
            {
                var load = s.Load + (r.TargetRate is null ? "" : F($", pacer lag p99 {r.PacerLagP99Ms:0.000} ms{(r.Sustained ? "" : F($", **not sustained** ({r.Incomplete:N0} unanswered)"))}"));
                md.AppendLine(F($"| {s.Group} | `{s.Id}` {s.Title} | {load} | {r.RequestsPerSecond:N0} | {r.EntitiesPerSecond:N0} | {r.PercentileMs(50):0.000} | {r.PercentileMs(90):0.000} | {r.PercentileMs(99):0.000} | {r.PercentileMs(99.9):0.000} | {r.MaxMs:0.000} | {r.Errors} | {r.Degraded} | {r.BytesPerResponse:N0} |"));
            }
            else if (s.External is { } e)
            {
                md.AppendLine(F($"| {s.Group} | `{s.Id}` {s.Title} | {s.Load} | {e.RequestsPerSecond:N0} | {e.RequestsPerSecond:N0} | {e.P50Ms:0.000} | (p95 {e.P95Ms:0.000}) | {e.P99Ms:0.000} | - | {e.MaxMs:0.000} | - | - | - |"));
            }
        }
        md.AppendLine();

        md.Append(ApplyToServedSection.Render(run));

        md.AppendLine("## CPU split");
        md.AppendLine();
        md.AppendLine(F($"CPU in % of one core ({Environment.ProcessorCount} cores = {Environment.ProcessorCount * 100} %), sampled from /proc over each whole scenario (warm-up included). *Other* is everything else on the machine: on a shared machine, other people's builds. Per-request costs are FeatureApi's own: CPU, read+write syscalls (/proc/pid/io) and context switches summed over its threads."));
        md.AppendLine();
        md.AppendLine("| Scenario | machine | load generator | FeatureApi | store | other | API µs CPU/req | API syscalls/req | API ctx switches/req | store µs CPU/req |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in run.Scenarios.OrderBy(s => s.Group, StringComparer.Ordinal))
        {
            var p = s.Cpu;
            md.AppendLine(F($"| `{s.Id}`{(p.OtherPercent > 50 ? " ⚠" : "")} | {p.MachinePercent:0} | {p.LoadGeneratorPercent:0} | {p.ApiPercent:0} | {p.StorePercent:0} | {p.OtherPercent:0} | {s.ApiCpuMicrosecondsPerRequest:0.0} | {s.ApiSyscallsPerRequest:0.0} | {Math.Max(0, s.ApiContextSwitchesPerRequest):0.00} | {s.StoreCpuMicrosecondsPerRequest:0.0} |"));
        }
        md.AppendLine();

        md.Append(StoreNodes(run));

        md.AppendLine("## Seeding");
        md.AppendLine();
        md.AppendLine("| Written | Batch | Conn | Time | per second | In store | Store memory per instance | CPU machine/lg/api/store/other % |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var seed in run.Seeds)
        {
            var memory = seed.BytesPerInstance is { } b ? F($"{b:N0} B") : "n/a";
            md.AppendLine(F($"| {seed.Entity} {seed.First:N0}..{seed.First + seed.Count - 1:N0} | {seed.BatchSize:N0} | {seed.Connections} | {seed.Seconds:0.0} s | {seed.PerSecond:N0} | {seed.InStore:N0} | {memory} | {seed.Cpu.MachinePercent:0}/{seed.Cpu.LoadGeneratorPercent:0}/{seed.Cpu.ApiPercent:0}/{seed.Cpu.StorePercent:0}/{seed.Cpu.OtherPercent:0} |"));
        }
        md.AppendLine();
        md.AppendLine(run.Store switch
        {
            Processes.StoreKind.Redis => "Memory per instance: the growth of INFO memory `used_memory` since the store held none of them (the empty store for users), divided by the instances in the store (hash plus index entry).",
            Processes.StoreKind.Cluster => "Memory per instance: the growth of INFO memory `used_memory` summed over the primaries (each replica holds a copy of its primary's) since the cluster held none of them, divided by the instances in the store (hash plus index entry).",
            _ => "Memory per instance: Garnet's INFO memory has no `used_memory`; this is the growth of its resident memory (`proc_physical_memory_size`) since the store held none of them, divided by the instances in the store: an upper bound that includes garbage not yet collected and preallocated log pages.",
        });
        md.AppendLine();

        if (run.Notes.Count > 0)
        {
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in run.Notes)
            {
                md.AppendLine($"- {note}");
            }
            md.AppendLine();
        }

        md.Append(Method(options));
        return md.ToString();
    }

    /// <summary>
    /// A cluster's CPU per node: each redis-server's µs per request (over all requests, so a primary that owns a third
    /// of the users shows about a third of one server's cost) and its share of a core; the sums feed the scaling model.
    /// </summary>
    private static string StoreNodes(StoreRun run)
    {
        if (run.StoreNodes.Count < 2)
        {
            return "";
        }
        var primaries = Enumerable.Range(0, run.StoreNodes.Count).Where(i => run.StoreNodes[i].StartsWith("primary", StringComparison.Ordinal)).ToList();
        var replicas = Enumerable.Range(0, run.StoreNodes.Count).Except(primaries).ToList();
        var md = new StringBuilder();
        md.AppendLine("## CPU per store node");
        md.AppendLine();
        md.AppendLine("Each node's CPU in µs per request, over all the scenario's requests, and in % of one core. *replica k* replicates *primary k*; FeatureApi reads from primaries (StackExchange.Redis's default), so replicas work for writes (seeding, events) through the replication stream. With users spread evenly, a primary serves a third of the extracts: the sum over primaries is the store's CPU per extract on the node that serves it.");
        md.AppendLine();
        md.AppendLine("| Scenario | req/s | " + string.Join(" | ", run.StoreNodes) + " | Σ primaries µs/req | Σ replicas µs/req |");
        md.AppendLine("| --- | ---: |" + string.Concat(run.StoreNodes.Select(_ => " ---: |")) + " ---: | ---: |");
        foreach (var s in run.Scenarios.OrderBy(s => s.Group, StringComparer.Ordinal))
        {
            var nodes = Enumerable.Range(0, run.StoreNodes.Count).Select(i => F($"{s.StoreNodeCpuMicrosecondsPerRequest(i):0.0} µs ({s.Cpu.StoreNodePercent(i):0} %)"));
            md.AppendLine(F($"| `{s.Id}` | {s.RequestsPerSecond:N0} | {string.Join(" | ", nodes)} | {primaries.Sum(s.StoreNodeCpuMicrosecondsPerRequest):0.0} | {replicas.Sum(s.StoreNodeCpuMicrosecondsPerRequest):0.0} |"));
        }
        foreach (var seed in run.Seeds)
        {
            var perInstance = Enumerable.Range(0, run.StoreNodes.Count).Select(i => seed.Cpu.StoreNodes[i].CpuSeconds * 1e6 / seed.Count).ToList();
            md.AppendLine(F($"| seeding {seed.Entity} (per instance) | {seed.PerSecond:N0} {seed.Entity}/s | {string.Join(" | ", perInstance.Select((us, i) => F($"{us:0.0} µs ({seed.Cpu.StoreNodePercent(i):0} %)")))} | {primaries.Sum(i => perInstance[i]):0.0} | {replicas.Sum(i => perInstance[i]):0.0} |"));
        }
        md.AppendLine();
        return md.ToString();
    }

    private static void RatioRow(StringBuilder md, string name, ScenarioResult? a, ScenarioResult? b, Func<ScenarioResult, double> value)
    {
        if (a is null || b is null)
        {
            return;
        }
        md.AppendLine(F($"| {name} | {value(a) / value(b):0.00} ({Target.Number(value(a))} / {Target.Number(value(b))}) |"));
    }

    /// <summary>Every scenario wrk measured beside our generator's numbers for it.</summary>
    private static string TwoGenerators(StoreRun run)
    {
        if (run.Wrk.Count == 0)
        {
            return "";
        }
        var md = new StringBuilder();
        md.AppendLine("## Two load generators");
        md.AppendLine();
        md.AppendLine("The same closed-loop scenarios, same process, measured by our generator and by wrk (latencies in ms; wrk's percentiles are the median of its alternating slices). The gRPC calls' second generator is h2load (`grpc-c*`, `grpcceiling-c*`: errors and degraded answers from FeatureApi's own count), and its group's JSON reference `grpc-json-c*` asks wrk for h2load's one user.");
        md.AppendLine();
        md.AppendLine("| Scenario | ours req/s | ours p50 | ours p99 | ours p99.9 | ours degraded | wrk req/s | wrk p50 | wrk p99 | wrk p99.9 | wrk max | wrk errors | wrk degraded |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (id, w) in run.Wrk)
        {
            var o = run[id]?.Result;
            var ours = o is null ? "| - | - | - | - | -" : F($"| {o.RequestsPerSecond:N0} | {o.PercentileMs(50):0.000} | {o.PercentileMs(99):0.000} | {o.PercentileMs(99.9):0.000} | {o.Degraded}");
            md.AppendLine(F($"| `{id}` {ours} | {w.RequestsPerSecond:N0} | {w.P50Ms:0.000} | {w.P99Ms:0.000} | {w.P999Ms:0.000} | {w.MaxMs:0.000} | {w.Errors} | {w.Degraded} |"));
        }
        md.AppendLine();
        return md.ToString();
    }

    private static string Method(BenchOptions options) => F($$"""
        ## Method

        - **Load generator**: `bench/FeatureAspire.Bench`, a .NET process with a minimal keep-alive HTTP/1.1 client over raw sockets (prebuilt requests; responses framed by Content-Length or chunked encoding and scanned for `"degraded":true`), recording every latency in an HdrHistogram per connection (3 significant digits), merged after the run. It competes with FeatureApi and the store for the same {{Environment.ProcessorCount}} cores; its share is in the CPU table.
        - **Closed loop**: N connections, each sending the next request when the previous answer arrives; latency from send to answer.
        - **Open loop** (no coordinated omission): a pacer thread computes the schedule *start + k/rate* and hands each request, at its due time, to an idle connection out of {{options.Connections}}; when all are busy it waits in a queue. Latency is measured from the **intended** send time, so a stall delays every request scheduled during it and they all count, instead of the generator quietly slowing down with the server. The pacer sleeps with usleep (timer slack ~50-100 µs); its lateness is reported (pacer lag) and can only make the numbers worse. A rate is *not sustained* when fewer than 97 % of the intended requests were answered in the window or some were never answered.
        - **HTTP ceiling**: `POST /bench/constant` in the same FeatureApi build and process, returning the bytes of a one-user answer (same size) with Content-Length, without reading the body, touching the store or computing. Mapped only with `Benchmarks:Enabled=true`.
        - **Store ceiling**: `redis-benchmark -c N --csv HMGET fs:{u:1} user_age ts:user_age last_7d_clicks ts:last_7d_clicks`, the HMGET the extract issues, at the same concurrency (it reports p50/p95/p99/max only).
        - **Straightforward reference**: `POST /bench/straightforward/extract` and `/batch`, what an engineer would write: one awaited HMGET per user (`Task.WhenAll` for a batch), the catalog's formulas, records of dictionaries serialized by System.Text.Json. The pipeline must beat this one.
        - **Compiled formulas**: `POST /bench/compiled/extract` and `/batch`, the real pipeline in the same process with the default repository's derived features computed by C# lambdas (today's compiled catalog) instead of its expressions. `compiled-c*` alternates slice by slice with `extract-c*` (and `compiledbatch100-c*` with `batch100-c*`), on both generators; the targets ask the expressions for at least {{Target.CompiledThroughputShare:0.00}}× the compiled formulas' throughput and an equal p99, read as no more than the compiled p99 plus {{Target.EqualP99Share:0 %}} or {{Target.EqualP99Ms:0.0}} ms, whichever is larger (a p99 over seconds on a shared machine moves that much between slices of the same code).
        - **Naive pipeline**: `POST /bench/naive/extract/batch`, the article's original design done serially: per user, one awaited HGET per stored feature, then the same answer building.
        - **wrk**: wrk 4.1 (apt) with `bench/wrk/requests.lua` (prebuilt POSTs, answers scanned for `"degraded":true`), 2 threads (1 at one connection), closed loop only; each group of compared scenarios in the same alternating slices as ours.
        - **gRPC**: every FeatureApi process also listens for cleartext HTTP/2 (`Kestrel:Endpoints:grpc`, `Protocols=Http2`). Ours: Grpc.Net.Client, stubs from `protos/`, one channel; unary `Extract` and the gRPC ceiling (`BenchService/Constant`, a constant answer, Benchmarks:Enabled only) at 1 and {{options.Connections}} calls in flight, `ExtractStream` on 1 and {{Suite.GrpcScenarios.ManyStreams}} streams of {{Grpc.GrpcLoad.StreamWindow}} messages in flight, alternating slice by slice with the JSON extract on as many HTTP/1.1 connections. h2load (nghttp2-client): one connection, 1 or {{options.Connections}} streams, one pre-framed body (user {{Suite.GrpcScenarios.H2LoadUser}}) beside wrk's JSON extract of the same user; its HTTP 200s checked against FeatureApi's own count of OK answers (`GET /bench/grpc/answers`, a gRPC interceptor registered only with Benchmarks:Enabled), which also gives its failed and degraded answers.
        - **API key**: every FeatureApi process gets a key named `bench` (scopes features:read, features:write and registry:write, random per run) and every request of both generators carries it in `X-API-Key`; write and event rate limits are set to unlimited (`RateLimits:Writes:Permits=0`, `RateLimits:Events:Permits=0`) so seeding and ingestion measure the service.
        - **Cache**: two more FeatureApi processes, `FeatureServing:CacheTtl={{BenchSuite.CacheTtl}}` (on) and `={{BenchSuite.NoCacheTtl}}` (off), both explicit so the comparison does not depend on FeatureApi's default, so cache off, cache on and the cache-on process's own HTTP ceiling are measured back to back on a hot set of {{options.HotUsers:N0}} users.
        - **Zipf workload** (issue 20): after the two-entity scenario, items sku-{{options.Items + 1:N0}}..sku-{{options.ZipfItems:N0}} are bulk-written too ({{options.ZipfItems:N0}} items; a full run seeds a million), and two fresh processes run with the cache explicitly on and off. A ranking call (`POST {{Http.FeatureRequests.CandidatesPath}}`) names a user drawn uniformly from {{options.Users:N0}}, `current_value`, the two-entity features and {{BenchOptions.CandidatesPerCall}} **distinct** items drawn by Zipf's law (s = 1; sku-k is rank k) over the {{options.ZipfItems:N0}}; each generator cycles through {{options.CandidateVariants:N0}} such calls (wrk's threads build their share in Lua with the same sampler), and each process is warmed with them first. The straightforward reference (`{{Http.FeatureRequests.StraightforwardCandidatesPath}}`, on the cache-off process) answers the same body in the same shape with one awaited HMGET for the user and one per candidate, all in flight at once (`Task.WhenAll`), records of dictionaries serialized by System.Text.Json. Cache on, cache off and the reference alternate slice by slice at 1 and {{options.Connections}} connections; rows/s is calls/s × {{BenchOptions.CandidatesPerCall}}. The single extract of Zipf-drawn users (s = 1 over the {{options.Users:N0}}) runs on both processes beside the cache-on process's HTTP ceiling.
        - **Events with ids**: `POST /api/events` with batches of 1,000 click events each carrying a new `eventId` (built as it is sent, never repeated), so every event takes the exactly-once path.
        - **Tracing**: a FeatureApi process with `Telemetry:SamplingRatio={{BenchSuite.FullSampling}}` measured back to back with the default process (0.1 in Production). There is no OTLP endpoint outside Aspire, so no exporter runs: this measures the instrumentation's own cost (creating and sampling activities), not export.
        - **Seeding**: `PUT /api/users/features` with {{Seeder.BatchSize:N0}} users per call (one transaction each) on {{Seeder.Connections}} connections.
        - **Two entities**: after every scenario that needs the default repository, the served document plus an `item` entity (string keys `sku-N`), its stored `item_price` and `f_price_per_age: item_price / max(user_age, 1)` is applied (`PUT /api/registry?force=true`; the default features and set are unchanged), {{options.Items:N0}} items are written {{Seeder.BatchSize:N0}} a call (`PUT /api/entities/item/features`), and an extract naming a user and an item (the default set plus `item_price` and `f_price_per_age`) alternates with one naming the user only (the default set), both in the entities shape with `current_value` as a request field and both naming their features, at 1 and {{options.Connections}} connections on both generators: the difference is the item's read and its two features.
        - **Apply to served**: last (not on a cluster), a second FeatureApi process on the store; see that section.
        - **Ingestion**: `POST /api/events` with click events on 8 connections; live extract asks for the default features plus clicks_1h/24h/7d.
        - The machine is shared with other engineers' builds: compare ratios measured minutes apart in one run, not absolute numbers across runs.

        """);
}
