using System.Text;
using FeatureAspire.Bench.Suite;
using static FeatureAspire.Bench.Report.Invariant;

namespace FeatureAspire.Bench.Report;

/// <summary>The soak's result file: verdicts, the memory table and a chart of memory over time.</summary>
internal static class SoakReport
{
    /// <summary>Windows before this share of the run are warm-up: JIT, pools and the GC's budgets settle there.</summary>
    private const double WarmupShare = 0.2;

    /// <summary>"Flat": the last third after warm-up within 10 % (plus 4 MB of slack for small numbers) of the first third.</summary>
    private const double Growth = 0.10;
    private const double SlackBytes = 4e6;

    public static string Render(SoakRun run, BenchOptions options, RunContext context, string chartFile, TimeSpan length)
    {
        var samples = run.Samples;
        var settled = samples.Skip((int)Math.Ceiling(samples.Count * WarmupShare)).ToList();
        var errors = samples.Sum(s => s.Errors + s.Incomplete);
        var degraded = samples.Sum(s => s.Degraded);
        var md = new StringBuilder();
        md.AppendLine(F($"# FeatureApi {(run.Coherence is null ? "soak" : "Zipf soak")}: {run.StoreName} ({run.StoreVersion}), {context.Started:yyyy-MM-dd HH:mm} UTC, {length.TotalMinutes:0.#} min"));
        md.AppendLine();
        md.AppendLine(F($"Written by `bench/run --{run.Name}` at commit `{options.Commit}`, on {context.Machine}; load average {context.LoadAverage} when the run began. ") +
            F($"{options.Users:N0} users seeded. Workload: {run.Workload}. Closed-loop maximum at {Soak.Connections} connections: {run.MaxRequestsPerSecond:N0} req/s; soaked in open loop at half of it, {run.Rate:N0} req/s, in {samples.Count} windows."));
        md.AppendLine();
        md.AppendLine("| Check | Verdict |");
        md.AppendLine("| --- | --- |");
        md.AppendLine(F($"| No error and no unanswered request | {(errors == 0 ? "met" : F($"**MISSED** ({errors})"))} |"));
        md.AppendLine(F($"| No degraded answer | {(degraded == 0 ? "met" : F($"**MISSED** ({degraded})"))} |"));
        md.AppendLine(F($"| Rate held in every window (≥ 97 %) | {(samples.All(s => s.RequestsPerSecond >= run.Rate * 0.97) ? "met" : "**MISSED**")} |"));
        md.AppendLine($"| FeatureApi working set (RSS) flat after warm-up | {Flat(settled, s => s.WorkingSetBytes)} |");
        md.AppendLine($"| FeatureApi GC heap flat after warm-up | {Flat(settled, s => s.GcHeapBytes)} |");
        md.AppendLine($"| Store memory flat after warm-up | {Flat(settled, s => s.StoreBytes ?? 0)} |");
        if (run.Coherence is { } c)
        {
            md.AppendLine(F($"| No stale read: every value read after a write's acknowledgement at least the acknowledged one | {(c.Stale == 0 && c.Checks > 0 ? "met" : c.Checks == 0 ? "not measured" : F($"**MISSED** ({c.Stale:N0} of {c.Checks:N0})"))} |"));
            md.AppendLine(F($"| Writes through the other process at {CoherenceCheck.WriteRate:N0}/s (≥ 97 %), none failed | {(c.WritesPerSecond >= CoherenceCheck.WriteRate * 0.97 && c.WriteErrors == 0 ? "met" : "**MISSED**")} ({c.WritesPerSecond:N0}/s, {c.WriteErrors} failed) |"));
        }
        md.AppendLine();
        md.Append(Coherence(run));
        md.AppendLine(F($"Flat: the mean of the last third of the windows after warm-up (the first {WarmupShare:P0}) is within {Growth:P0} (+{SlackBytes / 1e6:0} MB) of the mean of the first third."));
        md.AppendLine();
        md.AppendLine($"![memory over time]({chartFile})");
        md.AppendLine();
        md.AppendLine("| Minute | req/s | p99 ms | errors | degraded | working set MB | GC heap MB | gen2 GCs | GC pause total ms | store MB |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in samples)
        {
            md.AppendLine(F($"| {s.Minute:0.0} | {s.RequestsPerSecond:N0} | {s.P99Ms:0.000} | {s.Errors + s.Incomplete} | {s.Degraded} | {s.WorkingSetBytes / 1e6:0.0} | {s.GcHeapBytes / 1e6:0.0} | {s.Gen2Collections} | {s.GcPauseMs:0} | {(s.StoreBytes ?? 0) / 1e6:0.0} |"));
        }
        md.AppendLine();
        md.AppendLine("Store memory is INFO `used_memory` on redis-server and the resident size on Garnet. The GC heap is `GC.GetGCMemoryInfo().HeapSizeBytes` after the last collection, read from FeatureApi's bench-only `/bench/runtime`.");
        return md.ToString();
    }

    private static string Coherence(SoakRun run)
    {
        if (run.Coherence is not { } c)
        {
            return "";
        }
        return F($"Coherence: {c.Writes:N0} writes through the second process in {c.Seconds:0} s ({c.WritesPerSecond:N0}/s; p50 {c.WriteP50Ms:0.000} ms, p99 {c.WriteP99Ms:0.000} ms; {c.WriteErrors} failed), ") +
            F($"each to one of the {CoherenceCheck.HotItems} hottest items (`{Repositories.BenchRepositories.ItemPrice}`) or {CoherenceCheck.HotUsers} users (`last_7d_clicks`), values rising. ") +
            F($"The verifier sent {c.Reads:N0} ranking calls naming a hot user and every hot item to the serving process, {CoherenceCheck.ReadInterval.TotalMilliseconds:0} ms apart, and compared {c.Checks:N0} values with what had been acknowledged before each was sent: ") +
            F($"{c.Stale:N0} stale{(c.FirstStale is null ? "" : F($" ({c.StaleItems:N0} of items, {c.Stale - c.StaleItems:N0} of users; between second {c.FirstStaleSecond:0} and {c.LastStaleSecond:0}; sent up to {c.MaxStaleAfterAckMs:0.0} ms after the acknowledgement; first: {c.FirstStale})"))}; ") +
            F($"{c.ReadErrors} failed and {c.DegradedReads} degraded reads were not compared.") + Environment.NewLine + Environment.NewLine;
    }

    private static string Flat(IReadOnlyList<SoakSample> settled, Func<SoakSample, double> value)
    {
        if (settled.Count < 3)
        {
            return "not measured (too few windows)";
        }
        var third = settled.Count / 3;
        var first = settled.Take(third).Average(value);
        var last = settled.Skip(settled.Count - third).Average(value);
        var flat = last <= first * (1 + Growth) + SlackBytes;
        return F($"{(flat ? "met" : "**MISSED**")} ({first / 1e6:0.0} → {last / 1e6:0.0} MB)");
    }

    public static string Chart(SoakRun run)
    {
        const int Width = 900, Height = 420, Left = 60, Right = 170, Top = 40, Bottom = 45;
        var series = new (string Name, string Color, Func<SoakSample, double> Value)[]
        {
            ("FeatureApi working set", "#1f77b4", s => s.WorkingSetBytes / 1e6),
            ("FeatureApi GC heap", "#ff7f0e", s => s.GcHeapBytes / 1e6),
            ("store memory", "#2ca02c", s => (s.StoreBytes ?? 0) / 1e6),
        };
        var samples = run.Samples;
        var maxX = Math.Max(samples.Select(s => s.Minute).DefaultIfEmpty(1).Max(), 0.1);
        var maxY = Math.Max(1, series.SelectMany(x => samples.Select(x.Value)).DefaultIfEmpty(1).Max() * 1.1);
        double X(double minute) => Left + minute / maxX * (Width - Left - Right);
        double Y(double mb) => Top + (1 - mb / maxY) * (Height - Top - Bottom);
        var svg = new StringBuilder();
        svg.AppendLine(F($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="sans-serif" font-size="12">"""));
        svg.AppendLine(F($"""<rect width="{Width}" height="{Height}" fill="white"/><text x="{Left}" y="22" font-size="14">FeatureApi soak on {run.StoreName}: memory over time at {run.Rate:N0} req/s</text>"""));
        for (var i = 0; i <= 4; i++)
        {
            var mb = maxY * i / 4;
            svg.AppendLine(F($"""<line x1="{Left}" x2="{Width - Right}" y1="{Y(mb):0.0}" y2="{Y(mb):0.0}" stroke="#ddd"/><text x="{Left - 6}" y="{Y(mb) + 4:0.0}" text-anchor="end">{mb:0}</text>"""));
        }
        svg.AppendLine(F($"""<text x="{Left}" y="{Height - 10}">minutes →  (y: MB)</text><text x="{Width - Right}" y="{Height - 28}" text-anchor="end">{maxX:0.0}</text>"""));
        for (var i = 0; i < series.Length; i++)
        {
            var (name, color, value) = series[i];
            var points = string.Join(' ', samples.Select(s => F($"{X(s.Minute):0.0},{Y(value(s)):0.0}")));
            svg.AppendLine(F($"""<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>"""));
            svg.AppendLine(F($"""<rect x="{Width - Right + 15}" y="{Top + i * 22}" width="12" height="12" fill="{color}"/><text x="{Width - Right + 32}" y="{Top + i * 22 + 11}">{name}</text>"""));
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }
}
