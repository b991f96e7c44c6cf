using System.Text.Json.Serialization;

namespace FeatureAspire.Client;

/// <summary>One user's feature vector and how each value was obtained.</summary>
/// <param name="UserId">The user the vector is for.</param>
/// <param name="Features">Feature name → value, in the order the request named them.</param>
/// <param name="Status">Feature name → how the value was obtained.</param>
/// <param name="Degraded">
/// True when any feature is <see cref="FeatureStatus.Unavailable"/>: the store failed or missed FeatureApi's deadline
/// and defaults were served. A degraded vector is an answer, not an error.
/// </param>
public sealed record FeatureVector(
    long UserId,
    IReadOnlyDictionary<string, double> Features,
    IReadOnlyDictionary<string, FeatureStatus> Status,
    bool Degraded);

/// <summary>How trustworthy a served feature value is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureStatus>))]
public enum FeatureStatus
{
    /// <summary>Every stored input was found (and is fresh, where a maximum age is configured).</summary>
    [JsonStringEnumMemberName("present")] Present,

    /// <summary>A stored input is older than its feature's configured maximum age.</summary>
    [JsonStringEnumMemberName("stale")] Stale,

    /// <summary>A stored input was missing (an unknown user, for example) and its default was used.</summary>
    [JsonStringEnumMemberName("default")] Default,

    /// <summary>The store failed or missed the deadline; the default was used.</summary>
    [JsonStringEnumMemberName("unavailable")] Unavailable,
}
