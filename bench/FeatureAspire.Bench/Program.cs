using System.Globalization;
using System.Runtime.InteropServices;
using FeatureAspire.Bench;
using FeatureAspire.Bench.Report;
using FeatureAspire.Bench.Suite;

// bench/run builds Release and calls this with the mode and the store(s); see README "Benchmarks".
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("usage: FeatureAspire.Bench [--smoke|--quick|--full] [--soak | --zipf-soak] [--soak-minutes N] [--store redis|garnet|cluster|both|LIST] [--repo DIR] [--out DIR] [--commit SHA]");
    return 2;
}

using var stopping = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var output = options.OutputDirectory ?? options.DefaultOutput(options.RepositoryRoot);
var logs = Path.Combine(Path.GetTempPath(), $"featureaspire-bench-{Environment.ProcessId}");
Directory.CreateDirectory(output);
Directory.CreateDirectory(logs);
var paths = new BenchPaths(options.RepositoryRoot, output, logs);
var context = RunContext.Capture();
var log = Console.Out;
log.WriteLine($"FeatureApi benchmark, {options.Mode.ToString().ToLowerInvariant()} mode, store(s): {string.Join(", ", options.Stores)}; " +
    $"{options.Users:N0} users{(options.Mode == BenchMode.Full ? "" : " (fewer than a full run's 100,000)")}; process logs in {logs}");

if (options.Soak is { } soakLength)
{
    try
    {
        foreach (var store in options.Stores)
        {
            var soak = options.ZipfSoak
                ? await new ZipfSoak(options, paths, log).RunAsync(store, soakLength, stopping.Token)
                : await new Soak(options, paths, log).RunAsync(store, soakLength, stopping.Token);
            var stem = string.Create(CultureInfo.InvariantCulture, $"{context.Started:yyyy-MM-dd}-{soak.StoreName}-{soak.Name}");
            await File.WriteAllTextAsync(Path.Combine(output, stem + ".svg"), SoakReport.Chart(soak));
            await File.WriteAllTextAsync(Path.Combine(output, stem + ".md"), SoakReport.Render(soak, options, context, stem + ".svg", soakLength));
            log.WriteLine($"== wrote {Path.Combine(output, stem + ".md")} and {stem}.svg");
        }
        return 0;
    }
    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
    {
        Console.Error.WriteLine("Interrupted; everything started has been stopped.");
        return 130;
    }
}

var suite = new BenchSuite(options, paths, log);
var runs = new List<StoreRun>();
try
{
    foreach (var store in options.Stores)
    {
        var run = await suite.RunAsync(store, stopping.Token);
        runs.Add(run);

        var stem = string.Create(CultureInfo.InvariantCulture, $"{context.Started:yyyy-MM-dd}-{run.StoreName}{(options.Mode == BenchMode.Full ? "" : "-" + options.Mode.ToString().ToLowerInvariant())}");
        var chart = stem + ".svg";
        var c = options.Connections;
        var charted = new[] { "ceiling-c1", "extract-c1", "straight-c1", $"ceiling-c{c}", $"extract-c{c}", $"straight-c{c}", "open-1000", "open-5000", "open-10000", "open-500",
            "batch100-c1", "straightbatch100-c1", $"hot-cache-c{c}", "live-c1", "events1000" }
            .Select(id => run[id]).OfType<ScenarioResult>();
        await File.WriteAllTextAsync(Path.Combine(output, chart),
            LatencyChart.Render($"FeatureApi latency by percentile: {run.StoreName}, {options.Mode.ToString().ToLowerInvariant()} mode, {context.Started:yyyy-MM-dd}", charted));
        var report = Path.Combine(output, stem + ".md");
        await File.WriteAllTextAsync(report, MarkdownReport.Render(run, options, context, chart));
        log.WriteLine($"== wrote {report} and {chart}");
        foreach (var generator in new[] { Generator.Own, Generator.Wrk })
        {
            foreach (var target in Target.Evaluate(run, c, generator))
            {
                log.WriteLine($"   {generator,-4} {target.Verdict,-14} {target.Name}: {target.Measured} (goal {target.Goal})");
            }
        }
    }

    if (runs.Count > 1)
    {
        var comparison = Path.Combine(output, string.Create(CultureInfo.InvariantCulture,
            $"{context.Started:yyyy-MM-dd}-{string.Join("-vs-", runs.Select(r => r.StoreName))}{(options.Mode == BenchMode.Full ? "" : "-" + options.Mode.ToString().ToLowerInvariant())}.md"));
        await File.WriteAllTextAsync(comparison, StoreComparison.Render(runs, options, context));
        log.WriteLine($"== wrote {comparison}");
    }
    return 0;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted; everything started has been stopped.");
    return 130;
}
