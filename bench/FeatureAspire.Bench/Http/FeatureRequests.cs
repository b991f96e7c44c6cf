using System.Globalization;
using System.Text;

namespace FeatureAspire.Bench.Http;

/// <summary>The request bodies of every scenario, in FeatureApi's contract.</summary>
internal sealed class FeatureRequests(string host)
{
    public const string ExtractPath = "/api/features/extract";
    public const string BatchPath = "/api/features/extract/batch";
    public const string NaiveBatchPath = "/bench/naive/extract/batch";
    public const string StraightforwardPath = "/bench/straightforward/extract";
    public const string StraightforwardBatchPath = "/bench/straightforward/extract/batch";

    /// <summary>The real pipeline with the default repository's derived features computed by C# lambdas: the compiled formulas the expressions replace.</summary>
    public const string CompiledPath = "/bench/compiled/extract";
    public const string CompiledBatchPath = "/bench/compiled/extract/batch";
    public const string ConstantPath = "/bench/constant";
    public const string EventsPath = "/api/events";
    public const string SeedPath = "/api/users/features";

    public static readonly string[] LiveFeatures =
        ["f_normalized_value", "f_recency_score", "f_age_value_ratio", "clicks_1h", "clicks_24h", "clicks_7d"];

    /// <summary>
    /// Features computed from the request alone: the extract runs its whole pipeline (body, validation, spans, metrics,
    /// compute, answer) but reads nothing from the store, which splits an extract's cost into the store round trip and
    /// the rest.
    /// </summary>
    public static readonly string[] RequestOnlyFeatures = ["f_normalized_value", "current_value"];

    public string Host { get; } = host;

    /// <summary>Single extracts of known users drawn from 1..<paramref name="users"/>.</summary>
    public RequestSet Extract(long users, string path = ExtractPath, string[]? features = null) =>
        RequestSet.Create("POST", path, Host, 4096, 1, (_, random) =>
            string.Create(CultureInfo.InvariantCulture,
                $"{{\"userId\":{random.NextInt64(1, users + 1)},\"currentValue\":{random.Next(1, 50_000) / 100.0}{FeaturesProperty(features)}}}"));

    public RequestSet Batch(long users, int size, string path = BatchPath) =>
        RequestSet.Create("POST", path, Host, size >= 1000 ? 64 : 512, size, (_, random) => JsonArray("requests", size, random,
            r => string.Create(CultureInfo.InvariantCulture, $"{{\"userId\":{r.NextInt64(1, users + 1)},\"currentValue\":{r.Next(1, 50_000) / 100.0}}}")));

    /// <summary>Click events without timestamps (so "now"), spread over known users.</summary>
    public RequestSet Events(long users, int size) =>
        RequestSet.Create("POST", EventsPath, Host, size >= 1000 ? 64 : 256, size, (_, random) => JsonArray("events", size, random,
            r => string.Create(CultureInfo.InvariantCulture, $"{{\"userId\":{r.NextInt64(1, users + 1)},\"stream\":\"clicks\",\"value\":1}}")));

    /// <summary>One bulk write of users <paramref name="first"/>..first+count-1 with deterministic values.</summary>
    public byte[] Seed(long first, int count)
    {
        var body = new StringBuilder("{\"users\":[");
        for (var id = first; id < first + count; id++)
        {
            body.Append(CultureInfo.InvariantCulture,
                $"{(id == first ? "" : ",")}{{\"userId\":{id},\"features\":{{\"user_age\":{18 + id % 60},\"last_7d_clicks\":{id % 97 * 0.5}}}}}");
        }
        return RequestSet.Build("PUT", SeedPath, Host, body.Append("]}").ToString());
    }

    public byte[] Get(string path) => RequestSet.Build("GET", path, Host, null);

    private static string JsonArray(string property, int count, Random random, Func<Random, string> item)
    {
        var body = new StringBuilder().Append("{\"").Append(property).Append("\":[");
        for (var i = 0; i < count; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(item(random));
        }
        return body.Append("]}").ToString();
    }

    private static string FeaturesProperty(string[]? features) =>
        features is null ? "" : ",\"features\":[" + string.Join(',', features.Select(f => $"\"{f}\"")) + "]";
}
