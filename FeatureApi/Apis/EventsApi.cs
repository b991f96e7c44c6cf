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
            .MapPost("/", IngestAsync)
            .WithName("IngestEvents")
            .WithSummary("Add live events to their streams' windowed aggregates.")
            .WithDescription("All events are validated first and written in one transaction: a rejected request writes nothing, " +
                "and an extract issued after the 202 sees every event.")
            .Accepts<IngestEventsRequest>("application/json")
            .Produces<IngestEventsResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();

        return app;
    }

    public static async Task<Results<Accepted<IngestEventsResponse>, ProblemHttpResult>> IngestAsync(
        HttpRequest request, LiveEventWriter writer, FeatureRegistry registry, FeatureMetrics metrics,
        IOptions<FeatureServingOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, FeatureJsonContext.Default.IngestEventsRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var items = body!.Events;
        if (RequestValidation.ListSize(items, "events", options.Value.MaxEventsPerRequest) is { } sizeProblem)
        {
            metrics.EventsRejected.Add(items?.Count ?? 0);
            return sizeProblem;
        }

        var now = time.GetUtcNow();
        var rules = new EventRules(registry, now - registry.LongestWindow, now + options.Value.ClockSkewAllowance, now);
        var errors = new Dictionary<string, string[]>();
        var events = new List<LiveEvent>(items!.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (rules.Validate(items[i], new FieldPath("events", i), errors) is { } valid)
            {
                events.Add(valid);
            }
        }
        if (errors.Count > 0)
        {
            metrics.EventsRejected.Add(items.Count);
            return RequestBody.Invalid(errors);
        }

        await writer.WriteAsync(events);
        metrics.EventsIngested.Add(events.Count);
        return TypedResults.Accepted((string?)null, new IngestEventsResponse(events.Count));
    }

    /// <summary>What makes one event acceptable at the time of the request.</summary>
    private sealed record EventRules(FeatureRegistry Registry, DateTimeOffset Oldest, DateTimeOffset Newest, DateTimeOffset Now)
    {
        public LiveEvent? Validate(LiveEventItem? item, FieldPath at, IDictionary<string, string[]> errors)
        {
            if (item is null)
            {
                errors[at.ToString()] = ["An event must be an object."];
                return null;
            }
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
            var timestamp = item.Timestamp ?? Now;
            if (timestamp > Newest)
            {
                errors[at.Of("timestamp")] = [$"timestamp is in the future beyond the clock-skew allowance (now is {Now:O})."];
            }
            else if (timestamp < Oldest)
            {
                errors[at.Of("timestamp")] = [$"timestamp is older than the longest window ({Registry.LongestWindow}); it can no longer count."];
            }
            return errors.Count == before ? new LiveEvent(userId, stream!, value, timestamp) : null;
        }
    }
}
