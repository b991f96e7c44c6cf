using FeatureApi.Apis.Contracts;
using FeatureApi.Diagnostics;
using FeatureApi.Features;
using FeatureApi.Json;
using FeatureApi.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FeatureApi.Apis;

/// <summary>Live event ingestion: events update their windowed aggregates at once.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/events").WithTags("Events")
            .RequireAuthorization(ApiScopes.Write)
            .RequireRateLimits(app, RateLimitPolicies.Events)
            .MapPost("/", IngestAsync)
            .WithName("IngestEvents")
            .WithSummary("Add live events to their streams' windowed aggregates.")
            .WithDescription("All events are validated first, so a rejected request writes nothing; an extract issued after the 202 " +
                "sees every event. An event with an eventId already accepted for its user (within FeatureServing:EventIdRetention) " +
                "is counted once: retries are safe. A 503 means the store failed part-way: retrying is safe for events with an eventId; events " +
                "without one may be counted twice. The answer says how many events were counted and how many were duplicates.")
            .Accepts<IngestEventsRequest>("application/json")
            .Produces<IngestEventsResponse>(StatusCodes.Status202Accepted);

        return app;
    }

    public static async Task<Results<Accepted<IngestEventsResponse>, ValidationProblem>> IngestAsync(
        HttpRequest request, LiveEventWriter writer, FeatureRegistry registry, FeatureMetrics metrics,
        IOptions<FeatureServingOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rules = new EventRules(registry, now - registry.LongestWindow, now + options.Value.ClockSkewAllowance, now,
            options.Value.MaxValueMagnitude);
        var errors = new ValidationErrors();
        var (body, events) = await RequestItems.ReadAsync(request, FeatureJsonContext.Default.IngestEventsRequest, static body => body.Events,
            "events", options.Value.MaxEventsPerRequest, rules, errors, cancellationToken);
        if (errors.ToProblem() is { } problem)
        {
            metrics.EventsRejected.Add(body?.Events?.Count ?? 0);
            return problem;
        }

        var duplicates = await writer.WriteAsync(events!);
        var accepted = events!.Length - duplicates;
        metrics.EventsIngested.Add(accepted);
        return TypedResults.Accepted((string?)null, new IngestEventsResponse(accepted, duplicates));
    }

    /// <summary>What makes one event acceptable at the time of the request.</summary>
    private sealed record EventRules(FeatureRegistry Registry, DateTimeOffset Oldest, DateTimeOffset Newest, DateTimeOffset Now,
        double MaxMagnitude)
        : IItemRule<LiveEventItem, LiveEvent>
    {
        public bool TryValidate(LiveEventItem item, FieldPath at, ValidationErrors errors, out LiveEvent result)
        {
            var before = errors.Count;
            RequestValidation.TryUserId(item.UserId, at, errors, out var userId);
            var stream = item.Stream is null ? null : Registry.FindStream(item.Stream);
            if (stream is null)
            {
                errors[at.Of("stream")] = [item.Stream is null
                    ? "The stream field is required."
                    : $"Unknown stream '{item.Stream}'. Streams: {string.Join(", ", Registry.Streams.Select(s => s.Name))}."];
            }
            var value = item.Value ?? 1.0;
            if (!double.IsFinite(value))
            {
                errors[at.Of("value")] = ["value must be a finite number."];
            }
            else if (Math.Abs(value) > MaxMagnitude)
            {
                errors[at.Of("value")] = [RequestValidation.MagnitudeError("value", MaxMagnitude)];
            }
            if (item.EventId is { Length: < 1 or > LiveEvent.MaxEventIdLength })
            {
                errors[at.Of("eventId")] = [$"eventId must be 1 to {LiveEvent.MaxEventIdLength} characters."];
            }
            var timestamp = item.Timestamp ?? Now;
            if (timestamp > Newest)
            {
                errors[at.Of("timestamp")] = [$"timestamp is in the future beyond the clock-skew allowance (now is {Now:O})."];
            }
            else if (timestamp < Oldest)
            {
                errors[at.Of("timestamp")] = [$"timestamp is older than the longest window ({Registry.LongestWindow}); it can no longer count."];
            }
            result = new LiveEvent(userId, stream!, value, timestamp, item.EventId);
            return errors.Count == before;
        }
    }
}
