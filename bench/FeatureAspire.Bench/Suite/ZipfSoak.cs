using System.Globalization;
using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Load;
using FeatureAspire.Bench.Processes;
using FeatureAspire.Bench.Repositories;

namespace FeatureAspire.Bench.Suite;

/// <summary>
/// The Zipf workload for minutes (issue 20): ranking calls of 100 Zipf-drawn candidates at half their closed-loop
/// maximum on one FeatureApi process, while stored-feature writes at 1,000/s go through a second process on the same
/// store (a replica), both with the near cache explicitly on; the serving process's memory is read after each window
/// and a verifier checks that no read sent after a write's acknowledgement returns an older value.
/// </summary>
internal sealed class ZipfSoak(BenchOptions options, BenchPaths paths, TextWriter log)
{
    public async Task<SoakRun> RunAsync(StoreKind kind, TimeSpan length, CancellationToken cancellationToken)
    {
        var workload = string.Create(CultureInfo.InvariantCulture,
            $"ranking calls of {BenchOptions.CandidatesPerCall} distinct candidates drawn by Zipf's law (s = 1) from {options.ZipfItems:N0} items, users uniform over {options.Users:N0} " +
            $"({options.CandidateVariants:N0} different calls), near cache on (FeatureServing:CacheTtl={BenchSuite.CacheTtl}); meanwhile {CoherenceCheck.WriteRate:N0} stored-feature writes/s " +
            $"through a second FeatureApi process on the store (same settings) to the {CoherenceCheck.HotItems} hottest items and {CoherenceCheck.HotUsers} users");
        var run = new SoakRun(kind, "zipf-soak", workload);
        log.WriteLine($"== Zipf soak on {run.StoreName}: {length.TotalMinutes:0.#} min");
        await using var store = await StoreServer.StartAsync(kind, paths, cancellationToken);
        run.StoreVersion = store.Version;
        var cacheOn = BenchSuite.CacheSetting(BenchSuite.CacheTtl);
        await using var serving = await FeatureApiServer.StartAsync(paths, store, cacheOn, $"featureapi-zipfsoak-serving-{run.StoreName}.log", cancellationToken);
        await using var writing = await FeatureApiServer.StartAsync(paths, store, cacheOn, $"featureapi-zipfsoak-writer-{run.StoreName}.log", cancellationToken);

        var document = BenchRepositories.WithItems(await RepositoryScenarios.ServedDocumentAsync(serving, cancellationToken));
        var (status, body) = await serving.ExchangeAsync(new FeatureRequests(serving.Host).Apply(document), cancellationToken);
        FeatureRequests.AppliedVersion(status, body);
        foreach (var (entity, count) in new[] { (SeededEntity.Users, options.Users), (SeededEntity.Items, options.ZipfItems) })
        {
            var seed = await Seeder.SeedAsync(serving, store, entity, 1, count, null, cancellationToken);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   seeded {seed.Count:N0} {seed.Entity} in {seed.Seconds:0.0} s"));
        }
        await ServesItemsAsync(writing, cancellationToken);

        var candidates = new FeatureRequests(serving.Host).Candidates(options.Users, new Zipf(options.ZipfItems), BenchOptions.CandidatesPerCall, options.CandidateVariants);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var checking = new CoherenceCheck(writing, serving).RunAsync(stop.Token);
        try
        {
            await Soak.WindowsAsync(run, serving, store, candidates, length, options.Warmup, log, cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
        }
        var c = run.Coherence = await checking;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   writes {c.Writes:N0} ({c.WritesPerSecond:N0}/s, p99 {c.WriteP99Ms:0.000} ms, errors {c.WriteErrors}); verified {c.Checks:N0} values in {c.Reads:N0} reads: stale {c.Stale} ({c.StaleItems} of items){(c.FirstStale is null ? "" : $", seconds {c.FirstStaleSecond:0}-{c.LastStaleSecond:0}, up to {c.MaxStaleAfterAckMs:0.0} ms after the ack, first: {c.FirstStale}")}"));
        return run;
    }

    /// <summary>The writing process learns the applied repository within its quarter-second check; its first writes must not find no item entity.</summary>
    private static async Task ServesItemsAsync(FeatureApiServer api, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (status, body) = await api.GetAsync(SeededEntity.Items.CountPath, cancellationToken);
            if (status == 200)
            {
                return;
            }
            if (attempt > 100)
            {
                throw new InvalidOperationException($"The second process never served the item entity: {status} {body}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
