using FeatureApi.Requests;
using FeatureApi.Apis.Contracts;
using FeatureApi.Diagnostics;
using FeatureApi.Features;
using FeatureApi.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeatureApi.Apis;

/// <summary>Live event ingestion: events update their windowed aggregates at once.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("/api/events").WithTags("Events")
            .RequireAuthorization(ApiScopes.Write)
            .MapPost("/", IngestAsync)
            .WithName("IngestEvents")
            .WithSummary("Add live events to their streams' windowed aggregates.")
            .WithDescription("Each event names its instance by userId (a stream of the user entity) or key ({\"stream\":\"views\",\"key\":\"sku-9\"}). " +
                "All events are validated first, so a rejected request writes nothing; an extract issued after the 202 " +
                "sees every event. An event with an eventId already accepted for its instance (within FeatureServing:EventIdRetention) " +
                "is counted once: retries are safe. A 503 means the store failed part-way: retrying is safe for events with an eventId; events " +
                "without one may be counted twice. The answer says how many events were counted and how many were duplicates.")
            .ChargesWork<IngestEventsRequest>(RateLimitPolicies.Events, body => body.Events?.Count ?? 1)
            .ChargesWork<IngestEventsRequest>(RateLimitPolicies.EventIds, body => body.EventIdCount)
            .Produces<IngestEventsResponse>(StatusCodes.Status202Accepted);

        return app;
    }

    public static async Task<Accepted<IngestEventsResponse>> IngestAsync(IngestEventsRequest body, LiveEventWriter writer, FeatureRegistry registry,
        FeatureMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        var events = body.ToLiveEvents(registry, time.GetUtcNow());
        var duplicates = await writer.WriteAsync(registry, events);
        var accepted = events.Length - duplicates;
        metrics.EventsIngested.Add(accepted);
        return TypedResults.Accepted((string?)null, new IngestEventsResponse(accepted, duplicates));
    }
}
