using System.Text;
using FeatureAspire.Bench.Suite;
using static FeatureAspire.Bench.Report.Invariant;

namespace FeatureAspire.Bench.Report;

/// <summary>The key scenarios on two or more stores (redis-server and Garnet, redis-server and a cluster) side by side.</summary>
internal static class StoreComparison
{
    public static string Render(IReadOnlyList<StoreRun> runs, BenchOptions options, RunContext context)
    {
        var c = options.Connections;
        string[] keys = [$"ceiling-c{c}", "extract-c1", $"extract-c{c}", "compiled-c1", $"compiled-c{c}", "straight-c1", $"straight-c{c}", $"nostore-c{c}", "store-c1", $"store-c{c}", "open-1000", "open-5000", "open-10000",
            "batch100-c1", $"batch100-c{c}", $"compiledbatch100-c{c}", $"straightbatch100-c{c}", "naive100-c1", "batch1000-c4", "events1000", "live-c1", $"live-c{c}", $"hot-cache-c{c}", "twoentities-c1", $"useronly-c{c}", $"twoentities-c{c}"];
        var md = new StringBuilder();
        md.AppendLine(F($"# FeatureApi on {string.Join(" and ", runs.Select(r => $"{r.StoreName} ({r.StoreVersion})"))}, {context.Started:yyyy-MM-dd HH:mm} UTC, {options.Mode.ToString().ToLowerInvariant()} mode"));
        md.AppendLine();
        md.AppendLine("The same scenarios, one store after the other, in one `bench/run`. Details and CPU splits are in each store's own file.");
        md.AppendLine();
        md.AppendLine("| Scenario | " + string.Join(" | ", runs.Select(r => $"{r.StoreName} req/s | {r.StoreName} p50 ms | {r.StoreName} p99 ms")) + " |");
        md.AppendLine("| --- |" + string.Concat(runs.Select(_ => " ---: | ---: | ---: |")));
        foreach (var key in keys)
        {
            var cells = runs.Select(r => r[key] is { } s ? F($"{s.EntitiesPerSecond:N0} | {s.P50Ms:0.000} | {s.P99Ms:0.000}") : "- | - | -").ToList();
            if (cells.All(cell => cell.StartsWith('-')))
            {
                continue;
            }
            md.AppendLine($"| `{key}` | {string.Join(" | ", cells)} |");
        }
        md.AppendLine();
        md.AppendLine("req/s is users/s for batches and events/s for `events1000`.");
        md.AppendLine();
        md.AppendLine("CPU per request in µs: FeatureApi's, and the store's summed over its processes (a cluster's six nodes; each node's own figure is in the cluster's file).");
        md.AppendLine();
        md.AppendLine("| Scenario | " + string.Join(" | ", runs.Select(r => $"{r.StoreName} API µs | {r.StoreName} store µs")) + " |");
        md.AppendLine("| --- |" + string.Concat(runs.Select(_ => " ---: | ---: |")));
        foreach (var key in keys.Where(key => runs.All(r => r[key]?.Result is not null)))
        {
            md.AppendLine($"| `{key}` | {string.Join(" | ", runs.Select(r => F($"{r[key]!.ApiCpuMicrosecondsPerRequest:0.0} | {r[key]!.StoreCpuMicrosecondsPerRequest:0.0}")))} |");
        }
        md.AppendLine();
        foreach (var generator in new[] { Generator.Own, Generator.Wrk })
        {
            md.AppendLine($"| Target ({(generator == Generator.Own ? "our generator" : "wrk")}) | " + string.Join(" | ", runs.Select(r => r.StoreName)) + " |");
            md.AppendLine("| --- |" + string.Concat(runs.Select(_ => " --- |")));
            var targets = runs.Select(r => Target.Evaluate(r, c, generator)).ToList();
            for (var i = 0; i < targets[0].Count; i++)
            {
                md.AppendLine($"| {targets[0][i].Name} ({targets[0][i].Goal}) | {string.Join(" | ", targets.Select(t => $"{t[i].Measured}: {t[i].Verdict}"))} |");
            }
            md.AppendLine();
        }
        var applies = runs.Where(r => r.ApplyToServed is not null).Select(r => F(
            $"{r.StoreName} p50 {ApplyToServedResult.Percentile(r.ApplyToServed!.ServedAfterMs, 50):0.0} ms, max {ApplyToServedResult.Percentile(r.ApplyToServed.ServedAfterMs, 100):0.0} ms")).ToList();
        if (applies.Count > 0)
        {
            md.AppendLine($"Apply to served on a second FeatureApi process: {string.Join("; ", applies)}.");
            md.AppendLine();
        }
        md.AppendLine("Seeding: " + string.Join("; ", runs.SelectMany(r => r.Seeds.Select(s =>
            F($"{r.StoreName} {s.Count:N0} {s.Entity} at {s.PerSecond:N0}/s{(s.BytesPerInstance is { } b ? F($", {b:N0} B each at {s.InStore:N0}") : "")}")))) + ".");
        return md.ToString();
    }
}
