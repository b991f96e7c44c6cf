using System.Text.Json.Serialization;

namespace FeatureAspire.Client;

/// <summary>A feature of the repository version FeatureApi serves, as <c>GET /api/features/definitions</c> lists it.</summary>
/// <param name="Name">The name used in requests and answers.</param>
/// <param name="Kind">Where the value comes from.</param>
/// <param name="Type">The value type it is served as.</param>
/// <param name="Default">The value served when a stored input is missing or unavailable.</param>
/// <param name="Description">What the feature means, or its formula.</param>
/// <param name="Inputs">The features it is computed from.</param>
/// <param name="MaxAge">For stored features, the age past which values are <see cref="FeatureStatus.Stale"/>, if configured.</param>
/// <param name="Live">For live features, the windowed aggregate they serve.</param>
public sealed record FeatureDefinition(
    string Name,
    FeatureKind Kind,
    FeatureValueType Type,
    double Default,
    string Description,
    IReadOnlyList<string> Inputs,
    TimeSpan? MaxAge,
    LiveAggregate? Live)
{
    // Outside the positional parameters, so the constructor and Deconstruct callers already use stay as they were.

    /// <summary>For stored and live features, the entity whose instances they belong to, such as <c>user</c>; null otherwise.</summary>
    public string? Entity { get; init; }

    /// <summary>For derived features, the expression they are computed by, such as <c>user_age * current_value</c>; null otherwise.</summary>
    public string? Expression { get; init; }
}

/// <summary>A windowed aggregate over a stream of live events.</summary>
/// <param name="Stream">The event stream aggregated, for example <c>clicks</c>.</param>
/// <param name="Aggregation">How the events' values are combined.</param>
/// <param name="Window">The window length.</param>
/// <param name="TileSize">The tile size the window is merged from.</param>
/// <param name="TilesRead">Tiles merged per read: the window's, plus the partial one at its far edge.</param>
public sealed record LiveAggregate(string Stream, Aggregation Aggregation, TimeSpan Window, TimeSpan TileSize, int TilesRead);

/// <summary>Where a feature's value comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureKind>))]
public enum FeatureKind
{
    /// <summary>Written through the entities API, read from the entity instance's hash in the store.</summary>
    [JsonStringEnumMemberName("stored")] Stored,

    /// <summary>Carried by the extract request itself.</summary>
    [JsonStringEnumMemberName("request")] Request,

    /// <summary>A windowed aggregate of live events.</summary>
    [JsonStringEnumMemberName("live")] Live,

    /// <summary>Computed from other features by an expression.</summary>
    [JsonStringEnumMemberName("derived")] Derived,
}

/// <summary>The value type a feature is served as (every value travels as a JSON number).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureValueType>))]
public enum FeatureValueType
{
    /// <summary>A whole number.</summary>
    [JsonStringEnumMemberName("int")] Int,

    /// <summary>A floating-point number.</summary>
    [JsonStringEnumMemberName("double")] Double,

    /// <summary>True or false, served as 1 or 0.</summary>
    [JsonStringEnumMemberName("bool")] Bool,
}

/// <summary>How the values of the events in a window are combined.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Aggregation>))]
public enum Aggregation
{
    /// <summary>The number of events.</summary>
    [JsonStringEnumMemberName("count")] Count,

    /// <summary>The sum of the events' values.</summary>
    [JsonStringEnumMemberName("sum")] Sum,

    /// <summary>The mean of the events' values.</summary>
    [JsonStringEnumMemberName("avg")] Avg,

    /// <summary>The largest of the events' values.</summary>
    [JsonStringEnumMemberName("max")] Max,

    /// <summary>The smallest of the events' values.</summary>
    [JsonStringEnumMemberName("min")] Min,
}

/// <summary>What an entity's key is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EntityKeyType>))]
public enum EntityKeyType
{
    /// <summary>A positive 64-bit integer.</summary>
    [JsonStringEnumMemberName("int64")] Int64,

    /// <summary>A string of 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'.</summary>
    [JsonStringEnumMemberName("string")] String,
}
