using System.Text.Json.Serialization;
using FeatureApi.Features;
using FeatureApi.Requests;
using Microsoft.Extensions.Validation;

namespace FeatureApi.Apis.Contracts;

/// <summary>One extract: a user, the request-time values, and optionally which features to return.</summary>
/// <param name="UserId">The user whose stored features are looked up (1 to 2^63-1).</param>
/// <param name="CurrentValue">The request's <c>current_value</c>.</param>
/// <param name="Features">Features to return; the default set (the derived features) when left out.</param>
public sealed partial record ExtractRequest(long? UserId, double? CurrentValue, IReadOnlyList<string>? Features = null);

/// <summary>Many extracts in one call and one store exchange.</summary>
/// <param name="Requests">The extracts, answered in the same order.</param>
/// <param name="Features">Features to return for every request; the default set when left out.</param>
public sealed partial record BatchExtractRequest(IReadOnlyList<BatchExtractItem?>? Requests, IReadOnlyList<string>? Features = null);

/// <summary>One request of a batch.</summary>
public sealed record BatchExtractItem(long? UserId, double? CurrentValue);

/// <summary>A feature vector and how each value was obtained.</summary>
/// <param name="UserId">The user the vector is for.</param>
/// <param name="Features">Feature name → value.</param>
/// <param name="Status">Feature name → present, default, stale or unavailable.</param>
/// <param name="Degraded">True when any feature is unavailable (the store failed or missed the deadline).</param>
public sealed record ExtractResponse(long UserId, IReadOnlyDictionary<string, double> Features, IReadOnlyDictionary<string, string> Status, bool Degraded);

/// <summary>The vectors of a batch, in request order.</summary>
public sealed record BatchExtractResponse(IReadOnlyList<ExtractResponse> Results);

/// <summary>A registered feature.</summary>
/// <param name="Name">The name used in requests and responses.</param>
/// <param name="Kind">stored, request or derived.</param>
/// <param name="Type">int or double.</param>
/// <param name="Default">The value served when a stored input is missing or unavailable.</param>
/// <param name="Description">What the feature means, or its formula.</param>
/// <param name="Inputs">The features it is computed from.</param>
/// <param name="MaxAge">For stored features, the age past which values are stale, if configured.</param>
/// <param name="Live">For live features, the windowed aggregate they serve.</param>
public sealed record FeatureDefinitionResponse(string Name, FeatureKind Kind, FeatureValueType Type, double Default,
    string Description, IReadOnlyList<string> Inputs, TimeSpan? MaxAge, LiveAggregateResponse? Live);

/// <summary>A windowed aggregate over a stream of live events.</summary>
/// <param name="Stream">The event stream aggregated.</param>
/// <param name="Aggregation">count, sum, avg or max.</param>
/// <param name="Window">The window length.</param>
/// <param name="TileSize">The tile size the window is merged from.</param>
/// <param name="TilesRead">Tiles merged per read (the window's, plus the partial one at its far edge).</param>
public sealed record LiveAggregateResponse(string Stream, Aggregation Aggregation, TimeSpan Window, TimeSpan TileSize, int TilesRead);

/// <summary>Live events to ingest.</summary>
public sealed partial record IngestEventsRequest(IReadOnlyList<LiveEventItem?>? Events);

/// <summary>One live event.</summary>
/// <param name="UserId">The user the event belongs to.</param>
/// <param name="Stream">The event stream, for example clicks.</param>
/// <param name="Value">The value aggregated; 1 when left out.</param>
/// <param name="Timestamp">When it happened; now when left out.</param>
/// <param name="EventId">
/// Optional, 1 to 128 characters, unique per user: an event whose id was already accepted for the same user is not
/// counted again, so a client may retry a request safely.
/// </param>
public sealed record LiveEventItem(long? UserId, string? Stream, double? Value = null, DateTimeOffset? Timestamp = null, string? EventId = null);

/// <summary>What an ingestion counted.</summary>
/// <param name="Accepted">Events counted by this request.</param>
/// <param name="Duplicates">Events whose eventId had already been accepted for their user, not counted again.</param>
public sealed record IngestEventsResponse(int Accepted, int Duplicates);

/// <summary>
/// Stored feature values by name, as a write sends them: a JSON object (<c>{"user_age":35}</c>), read by
/// <see cref="FeatureValuesConverter"/> with its bounds.
/// </summary>
[JsonConverter(typeof(FeatureValuesConverter))]
public sealed partial class FeatureValues(IReadOnlyDictionary<string, double> values)
{
    public IReadOnlyDictionary<string, double> Values { get; } = values;
}

/// <summary>Stored feature values of one user in a bulk write.</summary>
public sealed record UserFeaturesItem(long? UserId, FeatureValues? Features);

/// <summary>A bulk write of stored features, for seeding.</summary>
// The items' feature values are validatable (they are also the body of PUT /api/users/{id}/features); the body's own
// rules validate them with the item's index in the field name, so the framework must not descend into the list too.
#pragma warning disable ASP0029 // SkipValidation is marked for evaluation in .NET 10; it ships with the framework this targets.
public sealed partial record BulkUpsertRequest([SkipValidation][property: SkipValidation] IReadOnlyList<UserFeaturesItem?>? Users);
#pragma warning restore ASP0029

/// <summary>How many users a bulk write stored.</summary>
public sealed record BulkUpsertResponse(int Written);

/// <summary>A user's stored features and the time of the last write.</summary>
public sealed record UserFeaturesResponse(long UserId, IReadOnlyDictionary<string, double> Features, DateTimeOffset? UpdatedAt);

/// <summary>A page of user ids; pass <c>nextCursor</c> as <c>cursor</c> for the next one (null on the last page).</summary>
public sealed record UserPageResponse(IReadOnlyList<long> UserIds, string? NextCursor);

/// <summary>How many users have stored features.</summary>
public sealed record UserCountResponse(long Count);

/// <summary>Which server stores the features, and whether it answers.</summary>
public sealed record StoreInfoResponse(string Server, string? Version, bool Healthy, double? PingMilliseconds);
