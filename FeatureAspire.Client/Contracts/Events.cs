namespace FeatureAspire.Client;

/// <summary>One live event, counted into its stream's windowed aggregates.</summary>
/// <param name="UserId">The user the event belongs to (1 to 2^63-1).</param>
/// <param name="Stream">The event stream, for example <c>clicks</c>.</param>
/// <param name="Value">The value aggregated; 1 when null.</param>
/// <param name="Timestamp">When it happened; the server's now when null.</param>
/// <param name="EventId">
/// An id (1–128 characters) that makes the event count once for its user however often it is sent (within FeatureApi's
/// retention, 7 days by default). When null, <see cref="FeatureApiClient.SendEventsAsync"/> gives it a new one before
/// the first attempt, which makes the client's own retries safe; your retries of the same event need your own id.
/// </param>
public sealed record LiveEvent(long UserId, string Stream, double? Value = null, DateTimeOffset? Timestamp = null, string? EventId = null);

/// <summary>The body of <c>POST /api/events</c>.</summary>
/// <param name="Events">The events, validated whole and written in one transaction.</param>
public sealed record IngestEventsRequest(IReadOnlyList<LiveEvent> Events);

/// <summary>The 202 answer of <c>POST /api/events</c>.</summary>
/// <param name="Accepted">Events counted by this request.</param>
/// <param name="Duplicates">Events whose id had already been accepted for the same user, so were not counted again.</param>
public sealed record EventsAccepted(int Accepted, int Duplicates);
