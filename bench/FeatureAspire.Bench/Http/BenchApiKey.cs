using System.Security.Cryptography;

namespace FeatureAspire.Bench.Http;

/// <summary>
/// The API key the bench gives the FeatureApi processes it starts (key name <c>bench</c>, every scope: it reads, writes
/// and applies repositories) and sends on every request, its own generator's and wrk's: new for every run, never
/// written to a result file.
/// </summary>
internal static class BenchApiKey
{
    public const string Header = "X-API-Key";

    public static string Value { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>FeatureApi's configuration for the key, and write, event and event-id limits off (0 permits: unlimited) so seeding and ingestion measure the service, not the limiter; reads keep their default, which the harness must never reach.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Auth__ApiKeys__bench__Key"] = Value,
        ["Auth__ApiKeys__bench__Scopes__0"] = "features:read",
        ["Auth__ApiKeys__bench__Scopes__1"] = "features:write",
        ["Auth__ApiKeys__bench__Scopes__2"] = "registry:write",
        ["RateLimits__Writes__Permits"] = "0",
        ["RateLimits__Events__Permits"] = "0",
        ["RateLimits__EventIds__Permits"] = "0",
    };
}
