using System.Globalization;
using System.Text.Json;
using FeatureAspire.Bench.Load;
using FeatureAspire.Bench.Repositories;

namespace FeatureAspire.Bench.Http;

/// <summary>The request bodies of every scenario, in FeatureApi's contract.</summary>
internal sealed class FeatureRequests(string host)
{
    public const string ExtractPath = "/api/features/extract";
    public const string BatchPath = "/api/features/extract/batch";
    public const string CandidatesPath = "/api/features/extract/candidates";
    public const string StraightforwardCandidatesPath = "/bench/straightforward/extract/candidates";
    public const string NaiveBatchPath = "/bench/naive/extract/batch";
    public const string StraightforwardPath = "/bench/straightforward/extract";
    public const string StraightforwardBatchPath = "/bench/straightforward/extract/batch";

    /// <summary>The real pipeline with the default repository's derived features computed by C# lambdas: the compiled formulas the expressions replace.</summary>
    public const string CompiledPath = "/bench/compiled/extract";
    public const string CompiledBatchPath = "/bench/compiled/extract/batch";
    public const string ConstantPath = "/bench/constant";
    public const string EventsPath = "/api/events";
    public const string SeedPath = "/api/users/features";
    public const string ItemSeedPath = $"/api/entities/{BenchRepositories.ItemEntity}/features";
    public const string RegistryPath = "/api/registry";

    /// <summary>Applies even where the plan says breaking: the bench switches between repositories it wrote itself.</summary>
    public const string ForcedApplyPath = RegistryPath + "?force=true";

    public static readonly string[] LiveFeatures =
        ["f_normalized_value", "f_recency_score", "f_age_value_ratio", "clicks_1h", "clicks_24h", "clicks_7d"];

    /// <summary>
    /// Features computed from the request alone: the extract runs its whole pipeline (body, validation, spans, metrics,
    /// compute, answer) but reads nothing from the store, which splits an extract's cost into the store round trip and
    /// the rest.
    /// </summary>
    public static readonly string[] RequestOnlyFeatures = ["f_normalized_value", "current_value"];

    /// <summary>The default set, named: an extract that names its features is compared with one that names more.</summary>
    public static readonly string[] UserOnlyFeatures = ["f_normalized_value", "f_recency_score", "f_age_value_ratio"];

    /// <summary>The default set plus the item's stored price and the derived feature that needs the user and the item.</summary>
    public static readonly string[] TwoEntityFeatures = [.. UserOnlyFeatures, BenchRepositories.ItemPrice, BenchRepositories.PricePerAge];

    public string Host { get; } = host;

    /// <summary>Single extracts of known users drawn from 1..<paramref name="users"/>.</summary>
    public RequestSet Extract(long users, string path = ExtractPath, string[]? features = null) =>
        Extract(random => random.NextInt64(1, users + 1), path, features);

    /// <summary>Single extracts of the users <paramref name="user"/> draws (uniform, or Zipf's law).</summary>
    public RequestSet Extract(Func<Random, long> user, string path = ExtractPath, string[]? features = null) =>
        RequestSet.Create("POST", path, Host, 4096, 1, (_, random) =>
            string.Create(CultureInfo.InvariantCulture,
                $"{{\"userId\":{user(random)},\"currentValue\":{random.Next(1, 50_000) / 100.0}{FeaturesProperty(features)}}}"));

    /// <summary>
    /// Ranking calls: a user drawn from 1..<paramref name="users"/> and <paramref name="candidates"/> distinct items drawn
    /// by <paramref name="items"/> (Zipf's law over sku-1..), the default set plus the item's price and the feature that
    /// needs both. <paramref name="variants"/> different bodies, so the items they name are as many as a cache would see.
    /// </summary>
    public RequestSet Candidates(long users, Zipf items, int candidates, int variants, string path = CandidatesPath) =>
        RequestSet.Create("POST", path, Host, variants, candidates, (_, random) =>
            string.Create(CultureInfo.InvariantCulture,
                $"{{\"entities\":{{\"user\":{random.NextInt64(1, users + 1)}}},\"request\":{{\"current_value\":{random.Next(1, 50_000) / 100.0}}},") +
            CandidatesProperty(items.SampleDistinct(random, candidates)) + FeaturesProperty(TwoEntityFeatures) + "}");

    /// <summary><c>"candidates":{"entity":"item","keys":["sku-…",…]}</c> for the given item numbers.</summary>
    public static string CandidatesProperty(IEnumerable<long> items) =>
        $"\"candidates\":{{\"entity\":\"{BenchRepositories.ItemEntity}\",\"keys\":[{string.Join(',', items.Select(i => $"\"{BenchRepositories.ItemKey(i)}\""))}]}}";

    /// <summary>
    /// Single extracts in the entities shape: a known user and, when <paramref name="items"/> is above 0, a known item
    /// (sku-1..items), with the current value as a request field.
    /// </summary>
    public RequestSet EntitiesExtract(long users, long items, string[] features) =>
        RequestSet.Create("POST", ExtractPath, Host, 4096, 1, (_, random) =>
        {
            var item = items > 0 ? $",\"{BenchRepositories.ItemEntity}\":\"{BenchRepositories.ItemKey(random.NextInt64(1, items + 1))}\"" : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"{{\"entities\":{{\"user\":{random.NextInt64(1, users + 1)}{item}}},\"request\":{{\"current_value\":{random.Next(1, 50_000) / 100.0}}}{FeaturesProperty(features)}}}");
        });

    public RequestSet Batch(long users, int size, string path = BatchPath) =>
        RequestSet.Create("POST", path, Host, size >= 1000 ? 64 : 512, size, (_, random) => JsonArray("requests", size,
            _ => string.Create(CultureInfo.InvariantCulture, $"{{\"userId\":{random.NextInt64(1, users + 1)},\"currentValue\":{random.Next(1, 50_000) / 100.0}}}")));

    /// <summary>Click events without timestamps (so "now"), spread over known users.</summary>
    public RequestSet Events(long users, int size) =>
        RequestSet.Create("POST", EventsPath, Host, size >= 1000 ? 64 : 256, size, (_, random) => JsonArray("events", size,
            _ => string.Create(CultureInfo.InvariantCulture, $"{{\"userId\":{random.NextInt64(1, users + 1)},\"stream\":\"clicks\",\"value\":1}}")));

    /// <summary>
    /// Click events with ids, in batches of <paramref name="size"/>, each id new (a run-unique prefix and a counter):
    /// every event takes the exactly-once path, none is answered as a duplicate.
    /// </summary>
    public RequestSet EventsWithIds(long users, int size)
    {
        var prefix = Guid.NewGuid().ToString("N")[..12];
        long next = 0;
        return RequestSet.Fresh("POST", EventsPath, Host, size, () =>
        {
            var first = Interlocked.Add(ref next, size) - size;
            return JsonArray("events", size, i => string.Create(CultureInfo.InvariantCulture,
                $"{{\"userId\":{Random.Shared.NextInt64(1, users + 1)},\"stream\":\"clicks\",\"value\":1,\"eventId\":\"{prefix}-{first + i}\"}}"));
        });
    }

    /// <summary>One bulk write of users <paramref name="first"/>..first+count-1 with deterministic values.</summary>
    public byte[] SeedUsers(long first, int count) =>
        RequestSet.Build("PUT", SeedPath, Host, JsonArray("users", count, i => string.Create(CultureInfo.InvariantCulture,
            $"{{\"userId\":{first + i},\"features\":{{\"user_age\":{18 + (first + i) % 60},\"last_7d_clicks\":{(first + i) % 97 * 0.5}}}}}")));

    /// <summary>One bulk write of items sku-<paramref name="first"/>..sku-(first+count-1) with deterministic prices.</summary>
    public byte[] SeedItems(long first, int count) =>
        RequestSet.Build("PUT", ItemSeedPath, Host, JsonArray("rows", count, i => string.Create(CultureInfo.InvariantCulture,
            $"{{\"key\":\"{BenchRepositories.ItemKey(first + i)}\",\"features\":{{\"{BenchRepositories.ItemPrice}\":{BenchRepositories.ItemPriceOf(first + i)}}}}}")));

    /// <summary>A repository document applied as the next version, breaking or not.</summary>
    public byte[] Apply(string document) => RequestSet.Build("PUT", ForcedApplyPath, Host, document, "application/yaml");

    /// <summary>The version an apply stored, from its answer; any other answer stops the run, since what follows measures that version.</summary>
    public static long AppliedVersion(int status, string body) => status == 200
        ? JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt64()
        : throw new InvalidOperationException($"PUT {ForcedApplyPath} answered {status}: {body}");

    public byte[] Get(string path) => RequestSet.Build("GET", path, Host, null);

    private static string JsonArray(string property, int count, Func<int, string> item) =>
        $"{{\"{property}\":[{string.Join(',', Enumerable.Range(0, count).Select(item))}]}}";

    /// <summary>A write of one instance's stored features (<c>PUT /api/users/{id}/features</c>, <c>/api/entities/item/{key}/features</c>).</summary>
    public byte[] WriteOne(string path, string feature, double value) =>
        RequestSet.Build("PUT", path, Host, string.Create(CultureInfo.InvariantCulture, $"{{\"{feature}\":{value}}}"));

    private static string FeaturesProperty(string[]? features) =>
        features is null ? "" : ",\"features\":[" + string.Join(',', features.Select(f => $"\"{f}\"")) + "]";
}
