using System.Text.Json.Serialization;
using FeatureApi.Features;
using FeatureApi.Requests;

namespace FeatureApi.Apis.Contracts;

// Request records have nullable fields: a missing or wrong field is reported by the validation (RequestRules.cs) with
// its place, rather than by the parser. Answers are plain records.

/// <summary>
/// One extract: the entities to look up (<c>{"user":101,"item":"sku-9"}</c>), the request's values, and which features:
/// a list, a named set, or neither for the default set. The seed's shape (<c>userId</c>, <c>currentValue</c>) still
/// works: it means the <c>user</c> entity and the <c>current_value</c> request field, and is answered in its own shape.
/// </summary>
/// <param name="UserId">The seed's shape: the user (1 to 2^63-1).</param>
/// <param name="CurrentValue">The seed's shape: the request's <c>current_value</c>.</param>
/// <param name="Features">Features to return; the default set when left out.</param>
/// <param name="Entities">Entity name → key, for every entity the features need.</param>
/// <param name="Request">Request field name → value, for every request field the features need.</param>
/// <param name="FeatureSet">A named feature set of the repository, instead of a list.</param>
public sealed partial record ExtractRequest(long? UserId = null, double? CurrentValue = null, IReadOnlyList<string>? Features = null,
    EntityKeys? Entities = null, RequestValues? Request = null, string? FeatureSet = null);

/// <summary>Many extracts in one call and one store exchange.</summary>
/// <param name="Requests">The extracts (either shape), answered in the same order.</param>
/// <param name="Features">Features to return for every request; the default set when left out.</param>
/// <param name="FeatureSet">A named feature set, instead of a list.</param>
public sealed partial record BatchExtractRequest(IReadOnlyList<BatchExtractItem?>? Requests, IReadOnlyList<string>? Features = null, string? FeatureSet = null);

/// <summary>One request of a batch, in either shape.</summary>
public sealed record BatchExtractItem(long? UserId = null, double? CurrentValue = null, EntityKeys? Entities = null, RequestValues? Request = null);

/// <summary>
/// A ranking call: the entities every row shares (the user), the candidates to score (items), and which features. The
/// shared instances are read once, each distinct candidate once, all in one store exchange; the rows are answered in
/// candidate order.
/// </summary>
/// <param name="Entities">Entity name → key for every entity but the candidates'.</param>
/// <param name="Candidates">The candidates' entity and keys (or rows, when each carries request values).</param>
/// <param name="Request">Request field name → value, shared by every row.</param>
/// <param name="Features">Features to return for every candidate; the default set when left out.</param>
/// <param name="FeatureSet">A named feature set, instead of a list.</param>
public sealed partial record CandidatesRequest(EntityKeys? Entities = null, CandidateList? Candidates = null, RequestValues? Request = null,
    IReadOnlyList<string>? Features = null, string? FeatureSet = null);

/// <summary>The candidates of a ranking call: their entity and either their keys or rows carrying request values.</summary>
/// <param name="Entity">The candidates' entity, for example item.</param>
/// <param name="Keys">The candidates' keys, in the order the answer keeps; a key may repeat.</param>
/// <param name="Rows">Instead of keys: each candidate's key and its own request values (which override the shared ones).</param>
public sealed record CandidateList(string? Entity = null, IReadOnlyList<EntityKey?>? Keys = null, IReadOnlyList<CandidateRow?>? Rows = null);

/// <summary>One candidate with request values of its own.</summary>
public sealed record CandidateRow(EntityKey? Key = null, RequestValues? Request = null);

/// <summary>Entity name → key, as a request names the instances to look up.</summary>
[JsonConverter(typeof(EntityKeysConverter))]
public sealed class EntityKeys(IReadOnlyDictionary<string, EntityKey> keys)
{
    public IReadOnlyDictionary<string, EntityKey> Keys { get; } = keys;
}

/// <summary>Request field name → value (a number, or true/false for a bool field).</summary>
[JsonConverter(typeof(RequestValuesConverter))]
public sealed class RequestValues(IReadOnlyDictionary<string, double> values)
{
    public IReadOnlyDictionary<string, double> Values { get; } = values;
}

/// <summary>A feature vector and how each value was obtained (the seed's shape, as the benchmark's references answer).</summary>
/// <param name="UserId">The user the vector is for.</param>
/// <param name="Features">Feature name → value.</param>
/// <param name="Status">Feature name → present, default, stale or unavailable.</param>
/// <param name="Degraded">True when any feature is unavailable (the store failed or missed the deadline).</param>
public sealed record ExtractResponse(long UserId, IReadOnlyDictionary<string, double> Features, IReadOnlyDictionary<string, string> Status, bool Degraded);

/// <summary>The vectors of a batch, in request order.</summary>
public sealed record BatchExtractResponse(IReadOnlyList<ExtractResponse> Results);

/// <summary>A ranking call's answer (for OpenAPI: it is written by FeatureVectorWriter).</summary>
/// <param name="Entities">The shared entities.</param>
/// <param name="RegistryVersion">The repository version that served it.</param>
/// <param name="Degraded">True when any candidate's feature is unavailable.</param>
/// <param name="Rows">One per candidate, in candidate order.</param>
public sealed record CandidatesResponse(IReadOnlyDictionary<string, EntityKey> Entities, long RegistryVersion, bool Degraded,
    IReadOnlyList<CandidateVector> Rows);

/// <summary>One candidate's features.</summary>
public sealed record CandidateVector(EntityKey Key, IReadOnlyDictionary<string, double> Features, IReadOnlyDictionary<string, string> Status);

/// <summary>A registered feature.</summary>
/// <param name="Name">The name used in requests and responses.</param>
/// <param name="Kind">stored, request, live or derived.</param>
/// <param name="Type">int, double or bool.</param>
/// <param name="Default">The value served when a stored input is missing or unavailable.</param>
/// <param name="Description">What the feature means.</param>
/// <param name="Inputs">The features it is computed from.</param>
/// <param name="MaxAge">For stored features, the age past which values are stale, if set.</param>
/// <param name="Live">For live features, the windowed aggregate they serve.</param>
/// <param name="Entity">For stored and live features, the entity they belong to.</param>
/// <param name="Expression">For derived features, the expression they are computed by.</param>
public sealed record FeatureDefinitionResponse(string Name, FeatureKind Kind, FeatureValueType Type, double Default,
    string Description, IReadOnlyList<string> Inputs, TimeSpan? MaxAge, LiveAggregateResponse? Live,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Entity = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Expression = null);

/// <summary>A windowed aggregate over a stream of live events.</summary>
/// <param name="Stream">The event stream aggregated.</param>
/// <param name="Aggregation">count, sum, avg, min or max.</param>
/// <param name="Window">The window length.</param>
/// <param name="TileSize">The tile size the window is merged from.</param>
/// <param name="TilesRead">Tiles merged per read (the window's, plus the partial one at its far edge).</param>
public sealed record LiveAggregateResponse(string Stream, Aggregation Aggregation, TimeSpan Window, TimeSpan TileSize, int TilesRead);

/// <summary>Live events to ingest.</summary>
public sealed partial record IngestEventsRequest(IReadOnlyList<LiveEventItem?>? Events);

/// <summary>One live event, about a user (<c>userId</c>, the seed's shape) or any entity's instance (<c>key</c>).</summary>
/// <param name="UserId">The user the event belongs to (its stream's entity must be user).</param>
/// <param name="Stream">The event stream, for example clicks.</param>
/// <param name="Value">The value aggregated; 1 when left out.</param>
/// <param name="Timestamp">When it happened; now when left out.</param>
/// <param name="EventId">
/// Optional, 1 to 128 characters, unique per instance: an event whose id was already accepted for the same instance is
/// not counted again, so a client may retry a request safely.
/// </param>
/// <param name="Entity">The entity of the instance; the stream's entity when left out (it must be that one).</param>
/// <param name="Key">The key of the instance (a number or a string, as its entity declares).</param>
public sealed record LiveEventItem(long? UserId = null, string? Stream = null, double? Value = null, DateTimeOffset? Timestamp = null,
    string? EventId = null, string? Entity = null, EntityKey? Key = null);

/// <summary>What an ingestion counted.</summary>
/// <param name="Accepted">Events counted by this request.</param>
/// <param name="Duplicates">Events whose eventId had already been accepted for their instance, not counted again.</param>
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

/// <summary>A bulk write of users' stored features, for seeding.</summary>
public sealed partial record BulkUpsertRequest(IReadOnlyList<UserFeaturesItem?>? Users);

/// <summary>A bulk write of any entity's stored features: <c>{"rows":[{"key":"sku-9","features":{...}}]}</c>.</summary>
public sealed partial record EntityBulkUpsertRequest(IReadOnlyList<EntityFeaturesItem?>? Rows);

/// <summary>Stored feature values of one instance in a bulk write.</summary>
public sealed record EntityFeaturesItem(EntityKey? Key, FeatureValues? Features);

/// <summary>How many instances a bulk write stored.</summary>
public sealed record BulkUpsertResponse(int Written);

/// <summary>A user's stored features and the time of the last write.</summary>
public sealed record UserFeaturesResponse(long UserId, IReadOnlyDictionary<string, double> Features, DateTimeOffset? UpdatedAt);

/// <summary>An entity instance's stored features and the time of the last write.</summary>
public sealed record EntityFeaturesResponse(string Entity, EntityKey Key, IReadOnlyDictionary<string, double> Features, DateTimeOffset? UpdatedAt);

/// <summary>A page of user ids; pass <c>nextCursor</c> as <c>cursor</c> for the next one (null on the last page).</summary>
public sealed record UserPageResponse(IReadOnlyList<long> UserIds, string? NextCursor);

/// <summary>A page of an entity's keys; pass <c>nextCursor</c> as <c>cursor</c> for the next one (null on the last page).</summary>
public sealed record EntityPageResponse(string Entity, IReadOnlyList<EntityKey> Keys, string? NextCursor);

/// <summary>How many users have stored features.</summary>
public sealed record UserCountResponse(long Count);

/// <summary>Which server stores the features, whether it answers, and its nodes as FeatureApi's connection sees them.</summary>
public sealed record StoreInfoResponse(string Server, string? Version, bool Healthy, double? PingMilliseconds, StoreTopologyResponse? Topology = null);

/// <summary>A single server or a cluster, and each node.</summary>
/// <param name="Mode"><c>standalone</c> or <c>cluster</c>.</param>
/// <param name="Nodes">Every node, primaries first.</param>
public sealed record StoreTopologyResponse(string Mode, IReadOnlyList<StoreNodeResponse> Nodes);

/// <summary>One node of the store.</summary>
/// <param name="Endpoint">Where it listens.</param>
/// <param name="Role"><c>primary</c> or <c>replica</c>.</param>
/// <param name="Connected">Whether FeatureApi's connection to it is up.</param>
/// <param name="Primary">For a replica, the endpoint of the primary it copies.</param>
/// <param name="Slots">For a cluster primary, the hash slots it serves (<c>0-5460</c>).</param>
public sealed record StoreNodeResponse(string Endpoint, string Role, bool Connected, string? Primary = null, string? Slots = null);
