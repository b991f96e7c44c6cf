using System.Text.Json.Serialization;

namespace FeatureAspire.Client;

/// <summary>
/// One live event, counted into its stream's windowed aggregates: about a user (<see cref="UserId"/>, the seed's shape)
/// or about any entity's instance (<see cref="Key"/>; <see cref="For"/> makes one).
/// </summary>
/// <param name="UserId">The user the event belongs to (1 to 2^63-1), for a stream of the user entity; 0 when <see cref="Key"/> names the instance.</param>
/// <param name="Stream">The event stream, for example <c>clicks</c>.</param>
/// <param name="Value">The value aggregated; 1 when null.</param>
/// <param name="Timestamp">When it happened; the server's now when null.</param>
/// <param name="EventId">
/// An id (1–128 characters) that makes the event count once for its user or instance however often it is sent (within FeatureApi's
/// retention, 7 days by default). When null, <see cref="FeatureApiClient.SendEventsAsync"/> gives it a new one before
/// the first attempt, which makes the client's own retries safe; your retries of the same event need your own id.
/// </param>
public sealed record LiveEvent(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long UserId,
    string Stream,
    double? Value = null,
    DateTimeOffset? Timestamp = null,
    string? EventId = null)
{
    /// <summary>
    /// The entity of the instance the event is about; null for the stream's own entity, the only one FeatureApi accepts
    /// (so naming it only makes the request say what it means).
    /// </summary>
    public string? Entity { get; init; }

    /// <summary>
    /// The key of the instance the event is about, of its stream's entity, instead of <see cref="UserId"/> (which is then 0
    /// and left out of the request: FeatureApi refuses an event carrying both).
    /// </summary>
    public EntityKey? Key { get; init; }

    /// <summary>An event about any entity's instance: <c>LiveEvent.For("sku-9", "views")</c>.</summary>
    /// <param name="key">The instance's key, of the stream's entity.</param>
    /// <param name="stream">The event stream, for example <c>views</c>.</param>
    /// <param name="value">The value aggregated; 1 when null.</param>
    /// <param name="timestamp">When it happened; the server's now when null.</param>
    /// <param name="eventId">An id that makes the event count once for its instance, as for <see cref="EventId"/>.</param>
    /// <param name="entity">The stream's entity, to state it; left out when null.</param>
    public static LiveEvent For(EntityKey key, string stream, double? value = null, DateTimeOffset? timestamp = null, string? eventId = null,
        string? entity = null) => new(0, stream, value, timestamp, eventId) { Key = key, Entity = entity };
}

/// <summary>The body of <c>POST /api/events</c>.</summary>
/// <param name="Events">The events, validated whole and written in one transaction.</param>
public sealed record IngestEventsRequest(IReadOnlyList<LiveEvent> Events);

/// <summary>The 202 answer of <c>POST /api/events</c>.</summary>
/// <param name="Accepted">Events counted by this request.</param>
/// <param name="Duplicates">Events whose id had already been accepted for the same user, so were not counted again.</param>
public sealed record EventsAccepted(int Accepted, int Duplicates);
