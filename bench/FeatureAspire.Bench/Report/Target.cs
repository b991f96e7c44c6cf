using System.Globalization;
using FeatureAspire.Bench.Suite;

namespace FeatureAspire.Bench.Report;

/// <summary>One performance target of issues 3, 4 and 7, evaluated on a run (Met is null when it could not be measured).</summary>
internal sealed record Target(string Name, string Goal, string Measured, bool? Met, string? WhereTheTimeGoes)
{
    public string Verdict => Met switch { true => "met", false => "**MISSED**", null => "not measured" };

    public static IReadOnlyList<Target> Evaluate(StoreRun run, int connections)
    {
        var c = connections;
        var targets = new List<Target>();

        var extract = run[$"extract-c{c}"];
        var ceiling = run[$"ceiling-c{c}"];
        targets.Add(Ratio($"Closed-loop extract, {c} conn, vs HTTP ceiling (cache off)", "≥ 0.70", extract, ceiling, 0.70,
            (e, r) => e.RequestsPerSecond / r.RequestsPerSecond, "req/s", s => s.RequestsPerSecond));

        var hot = run[$"hot-cache-c{c}"];
        var hotCeiling = run[$"ceiling-cache-c{c}"];
        targets.Add(Ratio($"Closed-loop extract, {c} conn, hot set, cache on, vs HTTP ceiling", "≥ 0.90", hot, hotCeiling, 0.90,
            (e, r) => e.RequestsPerSecond / r.RequestsPerSecond, "req/s", s => s.RequestsPerSecond));

        var one = run["extract-c1"];
        var oneCeiling = run["ceiling-c1"];
        targets.Add(Ratio("One-connection p50 vs HTTP ceiling p50", "≤ 3.0×", one, oneCeiling, 3.0,
            (e, r) => e.P50Ms / r.P50Ms, "ms p50", s => s.P50Ms, lowerIsBetter: true));

        var open = run["open-1000"];
        targets.Add(open is null
            ? new Target("Open loop 1,000 req/s p99", "≤ 1 ms", "-", null, null)
            : new Target("Open loop 1,000 req/s p99", "≤ 1 ms",
                F($"{open.P99Ms:0.000} ms{(open.Result!.Sustained ? "" : " (rate not sustained)")}"),
                open.P99Ms <= 1.0 && open.Result.Sustained, Explain(open, null)));

        var batch = run[$"batch100-c{c}"] ?? run["batch100-c1"];
        var naive = batch is null ? null : run[batch.Id.Replace("batch", "naive", StringComparison.Ordinal)];
        targets.Add(Ratio($"Batch of 100 users/s vs naive pipeline{(batch is null ? "" : ", " + batch.Id[(batch.Id.IndexOf('-') + 2)..] + " conn")}", "≥ 1.5×",
            batch, naive, 1.5, (e, r) => e.EntitiesPerSecond / r.EntitiesPerSecond, "users/s", s => s.EntitiesPerSecond));

        var batchOne = run["batch100-c1"];
        targets.Add(batchOne is null
            ? new Target("Batch of 100, 1 conn, p99", "≤ 1.5 ms", "-", null, null)
            : new Target("Batch of 100, 1 conn, p99", "≤ 1.5 ms", F($"{batchOne.P99Ms:0.000} ms"), batchOne.P99Ms <= 1.5, Explain(batchOne, null)));

        var events = run["events1000"];
        targets.Add(events is null
            ? new Target("Ingestion, batches of 1,000", "≥ 100,000 events/s", run.IngestionAvailable ? "-" : "not available in this build", null, null)
            : new Target("Ingestion, batches of 1,000", "≥ 100,000 events/s", F($"{events.EntitiesPerSecond:N0} events/s"),
                events.EntitiesPerSecond >= 100_000, Explain(events, null)));

        var live = run["live-c1"];
        var liveOff = run["liveoff-c1"];
        targets.Add(live is null || liveOff is null
            ? new Target("Extract with live aggregates vs without, 1 conn p50", "≤ 1.3×", run.IngestionAvailable ? "-" : "not available in this build", null, null)
            : Ratio("Extract with live aggregates vs without, 1 conn p50", "≤ 1.3×", live, liveOff, 1.3, (e, r) => e.P50Ms / r.P50Ms, "ms p50", s => s.P50Ms, lowerIsBetter: true));

        return targets;
    }

    private static Target Ratio(string name, string goal, ScenarioResult? measured, ScenarioResult? reference, double threshold,
        Func<ScenarioResult, ScenarioResult, double> ratio, string unit, Func<ScenarioResult, double> value, bool lowerIsBetter = false)
    {
        if (measured is null || reference is null)
        {
            return new Target(name, goal, "-", null, null);
        }
        var r = ratio(measured, reference);
        var met = lowerIsBetter ? r <= threshold : r >= threshold;
        return new Target(name, goal, F($"{r:0.00} ({Number(value(measured))} vs {Number(value(reference))} {unit})"), met, Explain(measured, reference));
    }

    /// <summary>The CPU split of the scenario (and of its reference), for the sentence under a missed target.</summary>
    public static string Explain(ScenarioResult measured, ScenarioResult? reference)
    {
        var text = Describe(measured);
        if (reference is not null)
        {
            text += " Reference: " + Describe(reference);
        }
        return text;
    }

    private static string Describe(ScenarioResult s) =>
        F($"`{s.Id}`: machine {s.Cpu.MachinePercent:0} % of {s.Cpu.CapacityPercent:0} % busy — load generator {s.Cpu.LoadGeneratorPercent:0} %, ") +
        F($"FeatureApi {s.Cpu.ApiPercent:0} %, store {s.Cpu.StorePercent:0} %, other processes {s.Cpu.OtherPercent:0} %; ") +
        F($"FeatureApi spent {s.ApiCpuMicrosecondsPerRequest:0} µs CPU, {s.ApiSyscallsPerRequest:0.0} read/write syscalls and ") +
        F($"{s.ApiContextSwitchesPerRequest:0.00} context switches per request.");

    /// <summary>Rates as whole numbers, latencies in ms with three decimals.</summary>
    public static string Number(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "N0" : "0.000", CultureInfo.InvariantCulture);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
