using System.Globalization;
using FeatureAspire.Client;

namespace FeatureAdmin.Api;

/// <summary>
/// One transport's answer to a Try it extract: the status (the HTTP status featureapi maps a gRPC code to), the body
/// as JSON (the vector or the problem), the vector when one was served, and how long the call took as the admin saw it.
/// </summary>
public sealed record ExtractAnswer(ExtractTransport Transport, int StatusCode, string ResponseJson, FeatureVector? Vector, TimeSpan Latency)
{
    /// <summary>
    /// Where two answers to the same request differ, as sentences; none when they agree. Values are compared exactly
    /// and shown round-trippable, since both transports carry doubles unchanged. Latency is not compared: it differs.
    /// </summary>
    public static IReadOnlyList<string> Differences(ExtractAnswer json, ExtractAnswer grpc)
    {
        var differences = new List<string>();
        void Differ<T>(string what, T left, T right)
        {
            if (!EqualityComparer<T>.Default.Equals(left, right))
            {
                differences.Add($"{what}: {Text(left)} over {json.Transport.Label()}, {Text(right)} over {grpc.Transport.Label()}");
            }
        }

        Differ("status", json.StatusCode, grpc.StatusCode);
        if (json.Vector is not { } left || grpc.Vector is not { } right)
        {
            return differences;
        }
        Differ("registry version", left.RegistryVersion, right.RegistryVersion);
        Differ("degraded", left.Degraded, right.Degraded);
        foreach (var name in left.Features.Keys.Union(right.Features.Keys).Order(StringComparer.Ordinal))
        {
            Differ(name, Value(left.Features, name), Value(right.Features, name));
            Differ($"{name} status", Value(left.Status, name), Value(right.Status, name));
        }
        return differences;
    }

    private static T? Value<T>(IReadOnlyDictionary<string, T> values, string name) where T : struct =>
        values.TryGetValue(name, out var value) ? value : null;

    private static string Text<T>(T value) => value switch
    {
        null => "absent",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        FeatureStatus status => status.ToString().ToLowerInvariant(),
        bool flag => flag ? "yes" : "no",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
