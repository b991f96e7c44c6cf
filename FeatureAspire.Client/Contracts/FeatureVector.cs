using System.Text.Json.Serialization;

namespace FeatureAspire.Client;

/// <summary>
/// One feature vector and how each value was obtained, in the shape it was asked for: for a user and a
/// <c>currentValue</c> (the seed's shape, <see cref="UserId"/>), or for named entities' instances
/// (<see cref="Entities"/> and <see cref="RegistryVersion"/>).
/// </summary>
/// <param name="UserId">The user the vector is for; 0 when the request named its entities instead.</param>
/// <param name="Features">Feature name → value, in the order the request named them.</param>
/// <param name="Status">Feature name → how the value was obtained.</param>
/// <param name="Degraded">
/// True when any feature is <see cref="FeatureStatus.Unavailable"/>: the store failed or missed FeatureApi's deadline
/// and defaults were served. A degraded vector is an answer, not an error.
/// </param>
public sealed record FeatureVector(
    // Written back only when set, so a vector in the entities shape serializes as FeatureApi wrote it.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long UserId,
    IReadOnlyDictionary<string, double> Features,
    IReadOnlyDictionary<string, FeatureStatus> Status,
    bool Degraded)
{
    // Outside the positional parameters, so the constructor and Deconstruct callers already use stay as they were.

    /// <summary>Entity name → key of the instances the vector is for; null for a vector in the seed's shape.</summary>
    public IReadOnlyDictionary<string, EntityKey>? Entities { get; init; }

    /// <summary>The repository version that served the vector; null for a vector in the seed's shape.</summary>
    public long? RegistryVersion { get; init; }
}

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
