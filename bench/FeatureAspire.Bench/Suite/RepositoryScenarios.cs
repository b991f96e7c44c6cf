using System.Globalization;
using System.Text.Json;
using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Load;
using FeatureAspire.Bench.Processes;
using FeatureAspire.Bench.Repositories;

namespace FeatureAspire.Bench.Suite;

/// <summary>
/// The scenarios that apply repositories, last in a store's run because nothing measured after them may rely on the
/// default repository: an extract that needs two entities beside the user-only extract, and how long an applied
/// version takes to reach a second FeatureApi process.
/// </summary>
internal sealed class RepositoryScenarios(BenchOptions options, StoreRun run, StoreServer store, ScenarioRunner measure, TextWriter log)
{
    public const string TwoEntitiesGroup = "9 two entities";

    /// <summary>The document the store serves now (before the first scenario here: FeatureApi's default repository).</summary>
    public static async Task<string> ServedDocumentAsync(FeatureApiServer api, CancellationToken cancellationToken)
    {
        var (status, body) = await api.GetAsync(FeatureRequests.RegistryPath, cancellationToken);
        return status == 200
            ? JsonDocument.Parse(body).RootElement.GetProperty("document").GetString()!
            : throw new InvalidOperationException($"GET {FeatureRequests.RegistryPath} answered {status}: {body}");
    }

    /// <summary>
    /// Applies the served repository plus an item entity (string keys) with a stored price and a derived feature that
    /// needs the user and the item, seeds the items, then compares an extract naming a user and an item with one
    /// naming the user only, both in the entities shape, on both generators.
    /// </summary>
    public async Task TwoEntitiesAsync(FeatureApiServer api, string servedDocument, CancellationToken cancellationToken)
    {
        var requests = new FeatureRequests(api.Host);
        log.WriteLine($"   applying the served repository plus a string-keyed '{BenchRepositories.ItemEntity}' entity through PUT {FeatureRequests.ForcedApplyPath}");
        var (status, body) = await api.ExchangeAsync(requests.Apply(BenchRepositories.WithItems(servedDocument)), cancellationToken);
        FeatureRequests.AppliedVersion(status, body);
        await measure.SeedAsync(api, SeededEntity.Items, 1, options.Items, await store.UsedMemoryAsync(cancellationToken), cancellationToken);

        var userOnly = requests.EntitiesExtract(options.Users, 0, FeatureRequests.UserOnlyFeatures);
        var twoEntities = requests.EntitiesExtract(options.Users, options.Items, FeatureRequests.TwoEntityFeatures);
        foreach (var connections in new[] { 1, options.Connections })
        {
            await measure.ComparedAsync(cancellationToken,
                new($"useronly-c{connections}", TwoEntitiesGroup, $"extract naming the user only (entities shape, default set), {connections} conn", api, userOnly, connections),
                new($"twoentities-c{connections}", TwoEntitiesGroup,
                    $"extract naming a user and an item (default set + {BenchRepositories.ItemPrice}, {BenchRepositories.PricePerAge}), {connections} conn", api, twoEntities, connections));
        }

        WrkRequests wrkUserOnly = new(FeatureRequests.ExtractPath, Features: FeatureRequests.UserOnlyFeatures, EntitiesShape: true);
        WrkRequests wrkTwoEntities = new(FeatureRequests.ExtractPath, Features: FeatureRequests.TwoEntityFeatures, EntitiesShape: true, Items: options.Items);
        await measure.WrkComparedAsync(api,
            [.. new[] { 1, options.Connections }.Select(c => new WrkCompared[] { new($"useronly-c{c}", wrkUserOnly, c), new($"twoentities-c{c}", wrkTwoEntities, c) })],
            cancellationToken);
    }

    /// <summary>
    /// Starts a second FeatureApi process on the store and applies, through <paramref name="api"/>, the served
    /// document with one description and then another, timing each until the second process serves it.
    /// </summary>
    public async Task ApplyToServedAsync(FeatureApiServer api, string servedDocument, CancellationToken cancellationToken)
    {
        await using var other = await measure.StartApiAsync([], "featureapi-second", cancellationToken);
        await measure.WarmAsync(other, new FeatureRequests(other.Host).Extract(options.Users), cancellationToken);
        string[] documents =
        [
            BenchRepositories.WithDescription(servedDocument, "FeatureApi's default repository, applied by bench/run to time apply-to-served (A)."),
            BenchRepositories.WithDescription(servedDocument, "FeatureApi's default repository, applied by bench/run to time apply-to-served (B)."),
        ];
        log.WriteLine($"   apply-to-served: {options.RegistryApplies} applies through the default process, a second process polled every {ApplyToServed.PollInterval.TotalMilliseconds:0} ms");
        var result = run.ApplyToServed = await ApplyToServed.MeasureAsync(api, other, documents, options.RegistryApplies, options.Users, cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   served by the second process after p50 {ApplyToServedResult.Percentile(result.ServedAfterMs, 50):0.0} ms, max {ApplyToServedResult.Percentile(result.ServedAfterMs, 100):0.0} ms; apply p50 {ApplyToServedResult.Percentile(result.ApplyMs, 50):0.0} ms; at once on the applying process {result.ServedAtOnceByApplier}/{result.Applies}{(result.NotServed > 0 ? $"; NOT SERVED within {ApplyToServed.GiveUpAfter.TotalSeconds:0} s: {result.NotServed}" : "")}"));
        if (options.Mode == BenchMode.Smoke)
        {
            run.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"Apply to served: {options.RegistryApplies} applies in smoke mode (20 in quick and full runs)."));
        }
    }
}
