using System.ComponentModel.DataAnnotations;
using FeatureApi.Diagnostics;
using FeatureApi.Features;
using FeatureApi.Pipeline;
using FeatureApi.Requests;
using FeatureApi.Store;
using Microsoft.Extensions.Options;

namespace FeatureApi.Apis.Contracts;

// The validation rules of each request body, run by Microsoft.Extensions.Validation before the handler (the lists'
// items are validated here, not by the framework: [SkipValidation] on the lists keeps field names in the contract's
// camelCase). A handler receives only a body that passed, and reads its values through the methods below.

public sealed partial record ExtractRequest : IValidatableObject, IJsonBody<ExtractRequest>
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        RequestValidation.Input(UserId, CurrentValue, FieldPath.Body, errors);
        validationContext.GetRequiredService<FeatureRegistry>().Validate(Features, "features", errors);
        return errors.Results;
    }

    /// <summary>The validated user and value.</summary>
    internal ExtractionInput Input => new(UserId.GetValueOrDefault(), CurrentValue.GetValueOrDefault());
}

public sealed partial record BatchExtractRequest : IValidatableObject, IJsonBody<BatchExtractRequest>
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        var maxBatchSize = validationContext.GetRequiredService<IOptions<FeatureServingOptions>>().Value.MaxBatchSize;
        RequestValidation.Items(Requests, "requests", maxBatchSize, errors,
            (item, at) => RequestValidation.Input(item.UserId, item.CurrentValue, at, errors));
        validationContext.GetRequiredService<FeatureRegistry>().Validate(Features, "features", errors);
        return errors.Results;
    }

    /// <summary>The validated extracts, in request order.</summary>
    internal ExtractionInput[] Inputs()
    {
        var inputs = new ExtractionInput[Requests!.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = new ExtractionInput(Requests[i]!.UserId.GetValueOrDefault(), Requests[i]!.CurrentValue.GetValueOrDefault());
        }
        return inputs;
    }
}

public sealed partial class FeatureValues : IValidatableObject, IJsonBody<FeatureValues>
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        RequestValidation.StoredValues(validationContext.GetRequiredService<FeatureRegistry>(), this,
            validationContext.GetRequiredService<IOptions<FeatureServingOptions>>().Value.MaxValueMagnitude, "", errors);
        return errors.Results;
    }

    /// <summary>The validated values, for the store.</summary>
    internal StoredFeatureValues For(long userId) => new(userId, [.. Values]);
}

public sealed partial record BulkUpsertRequest : IValidatableObject, IJsonBody<BulkUpsertRequest>
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        var registry = validationContext.GetRequiredService<FeatureRegistry>();
        var options = validationContext.GetRequiredService<IOptions<FeatureServingOptions>>().Value;
        var seen = new HashSet<long>();
        RequestValidation.Items(Users, "users", options.MaxBatchSize, errors, (item, at) =>
        {
            RequestValidation.UserId(item.UserId, at, errors);
            RequestValidation.StoredValues(registry, item.Features, options.MaxValueMagnitude, at.Of("features."), errors);
            // A user twice would make the write ambiguous.
            if (item.UserId is { } userId and > 0 && !seen.Add(userId))
            {
                errors.Add(at.Of("userId"), $"User {userId} appears more than once.");
            }
        });
        return errors.Results;
    }

    /// <summary>The validated writes, one per user.</summary>
    internal StoredFeatureValues[] Writes() => [.. Users!.Select(user => user!.Features!.For(user.UserId.GetValueOrDefault()))];
}

public sealed partial record IngestEventsRequest : IValidatableObject, IJsonBody<IngestEventsRequest>
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        var registry = validationContext.GetRequiredService<FeatureRegistry>();
        var options = validationContext.GetRequiredService<IOptions<FeatureServingOptions>>().Value;
        var now = validationContext.GetRequiredService<TimeProvider>().GetUtcNow();
        var (oldest, newest) = (now - registry.LongestWindow, now + options.ClockSkewAllowance);
        RequestValidation.Items(Events, "events", options.MaxEventsPerRequest, errors, (item, at) =>
        {
            RequestValidation.UserId(item.UserId, at, errors);
            if (item.Stream is null || registry.FindStream(item.Stream) is null)
            {
                errors.Add(at.Of("stream"), item.Stream is null
                    ? "The stream field is required."
                    : $"Unknown stream '{item.Stream}'. Streams: {string.Join(", ", registry.Streams.Select(s => s.Name))}.");
            }
            var value = item.Value ?? 1.0;
            if (!double.IsFinite(value))
            {
                errors.Add(at.Of("value"), "value must be a finite number.");
            }
            else if (Math.Abs(value) > options.MaxValueMagnitude)
            {
                errors.Add(at.Of("value"), RequestValidation.MagnitudeError("value", options.MaxValueMagnitude));
            }
            if (item.EventId is { Length: < 1 or > LiveEvent.MaxEventIdLength })
            {
                errors.Add(at.Of("eventId"), $"eventId must be 1 to {LiveEvent.MaxEventIdLength} characters.");
            }
            if (item.Timestamp > newest)
            {
                errors.Add(at.Of("timestamp"), $"timestamp is in the future beyond the clock-skew allowance (now is {now:O}).");
            }
            else if (item.Timestamp < oldest)
            {
                errors.Add(at.Of("timestamp"), $"timestamp is older than the longest window ({registry.LongestWindow}); it can no longer count.");
            }
        });
        if (errors.Count > 0)
        {
            validationContext.GetRequiredService<FeatureMetrics>().EventsRejected.Add(Events?.Count ?? 0);
        }
        return errors.Results;
    }

    /// <summary>How many events carry an id (each charges the key's id quota).</summary>
    internal int EventIdCount => Events?.Count(e => e?.EventId is not null) ?? 0;

    /// <summary>The validated events; those without a timestamp happened <paramref name="now"/>.</summary>
    internal LiveEvent[] ToLiveEvents(FeatureRegistry registry, DateTimeOffset now) =>
        [.. Events!.Select(e => new LiveEvent(e!.UserId.GetValueOrDefault(), registry.FindStream(e.Stream!)!, e.Value ?? 1.0, e.Timestamp ?? now, e.EventId))];
}
