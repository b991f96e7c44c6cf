using System.Globalization;
using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Load;
using FeatureAspire.Bench.Processes;

namespace FeatureAspire.Bench.Suite;

/// <summary>
/// The workload that looks like production (issue 20): users uniform over the seeded ones, items drawn by Zipf's law
/// (s = 1) from up to a million, one user and 100 distinct candidates per ranking call. The ranking call with the near
/// cache on and off (each its own FeatureApi process, the setting explicit, whatever FeatureApi's default is) beside
/// the straightforward reference, and a single extract of Zipf-drawn users beside the HTTP ceiling, on both generators.
/// Needs the item entity, so it runs after the two-entity scenario has applied it.
/// </summary>
internal sealed class ZipfScenarios(BenchOptions options, ScenarioRunner measure, TextWriter log)
{
    public const string Group = "10 Zipf workload";

    public async Task RunAsync(FeatureApiServer api, CancellationToken cancellationToken)
    {
        if (options.ZipfItems > options.Items)
        {
            await measure.SeedAsync(api, SeededEntity.Items, options.Items + 1, options.ZipfItems, null, cancellationToken);
        }
        await using var cached = await measure.StartApiAsync(BenchSuite.CacheSetting(BenchSuite.CacheTtl), "featureapi-zipf-cache", cancellationToken);
        await using var uncached = await measure.StartApiAsync(BenchSuite.CacheSetting(BenchSuite.NoCacheTtl), "featureapi-zipf-nocache", cancellationToken);

        var items = new Zipf(options.ZipfItems);
        var users = new Zipf(options.Users);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   Zipf workload: {options.CandidateVariants:N0} ranking calls of {BenchOptions.CandidatesPerCall} distinct candidates from {options.ZipfItems:N0} items, users uniform over {options.Users:N0}"));
        RequestSet Candidates(FeatureApiServer server, string path = FeatureRequests.CandidatesPath) =>
            new FeatureRequests(server.Host).Candidates(options.Users, items, BenchOptions.CandidatesPerCall, options.CandidateVariants, path);
        var (candidatesOn, candidatesOff, straight) = (Candidates(cached), Candidates(uncached), Candidates(uncached, FeatureRequests.StraightforwardCandidatesPath));
        var zipfUserOn = new FeatureRequests(cached.Host).Extract(users.Sample);
        var zipfUserOff = new FeatureRequests(uncached.Host).Extract(users.Sample);
        var ceiling = new FeatureRequests(cached.Host).Extract(options.Users, FeatureRequests.ConstantPath);

        // Each process once through its ranking calls before the first slice: the cache-on one then holds what the
        // calls name, as a process serving this traffic for longer than a slice would.
        await measure.WarmAsync(cached, candidatesOn, cancellationToken);
        await measure.WarmAsync(uncached, candidatesOff, cancellationToken);

        foreach (var connections in new[] { 1, options.Connections })
        {
            await measure.ComparedAsync(cancellationToken,
                new($"candidates-cache-c{connections}", Group, $"ranking call, 100 Zipf items, cache on, {connections} conn", cached, candidatesOn, connections),
                new($"candidates-nocache-c{connections}", Group, $"ranking call, 100 Zipf items, cache off, {connections} conn", uncached, candidatesOff, connections),
                new($"straightcandidates-c{connections}", Group, $"straightforward ranking call (HMGET per row, Task.WhenAll), {connections} conn", uncached, straight, connections));
        }
        var c = options.Connections;
        await measure.ComparedAsync(cancellationToken,
            new($"zipfuser-cache-c{c}", Group, $"extract, Zipf users, cache on, {c} conn", cached, zipfUserOn, c),
            new($"zipfuser-nocache-c{c}", Group, $"extract, Zipf users, cache off, {c} conn", uncached, zipfUserOff, c),
            new($"ceiling-zipf-c{c}", Group, $"constant JSON (cache-on process), {c} conn", cached, ceiling, c));

        WrkRequests WrkCandidates(string path) => new(path, Features: FeatureRequests.TwoEntityFeatures, Items: options.ZipfItems, Candidates: BenchOptions.CandidatesPerCall, Variants: options.CandidateVariants);
        WrkRequests wrkCandidates = WrkCandidates(FeatureRequests.CandidatesPath), wrkStraight = WrkCandidates(FeatureRequests.StraightforwardCandidatesPath);
        WrkRequests wrkZipfUser = new(FeatureRequests.ExtractPath, ZipfUsers: true), wrkCeiling = new(FeatureRequests.ConstantPath);
        await measure.WrkComparedAsync(cached,
            [.. new[] { 1, c }.Select(n => new WrkCompared[]
            {
                new($"candidates-cache-c{n}", wrkCandidates, n, cached), new($"candidates-nocache-c{n}", wrkCandidates, n, uncached),
                new($"straightcandidates-c{n}", wrkStraight, n, uncached),
            }),
            [new($"zipfuser-cache-c{c}", wrkZipfUser, c, cached), new($"zipfuser-nocache-c{c}", wrkZipfUser, c, uncached), new($"ceiling-zipf-c{c}", wrkCeiling, c, cached)]],
            cancellationToken);
    }
}
