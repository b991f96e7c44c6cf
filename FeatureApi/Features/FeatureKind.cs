using System.Text.Json.Serialization;

namespace FeatureApi.Features;

/// <summary>Where a feature's value comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureKind>))]
public enum FeatureKind
{
    /// <summary>Written by the seeding API, read from the user's hash in Redis.</summary>
    [JsonStringEnumMemberName("stored")] Stored,
    /// <summary>Carried by the extract request itself.</summary>
    [JsonStringEnumMemberName("request")] Request,
    /// <summary>A windowed aggregate of live events, merged from time tiles at read time.</summary>
    [JsonStringEnumMemberName("live")] Live,
    /// <summary>Computed from other features by a formula.</summary>
    [JsonStringEnumMemberName("derived")] Derived,
}

/// <summary>The value type a feature is served as.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureValueType>))]
public enum FeatureValueType
{
    [JsonStringEnumMemberName("int")] Int,
    [JsonStringEnumMemberName("double")] Double,
}
