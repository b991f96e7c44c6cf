using System.ComponentModel.DataAnnotations;
using FeatureApi.Diagnostics;
using FeatureApi.Features;
using FeatureApi.Pipeline;
using FeatureApi.Requests;
using FeatureApi.Store;
using Microsoft.Extensions.Options;

namespace FeatureApi.Apis.Contracts;

// The validation rules of each request body, run by RequestValidationFilter before the handler (lists' items are
// validated by their body, so field names carry the item's index in the contract's camelCase). Every rule reads the
// request's one registry version (the scoped FeatureRegistry the handler gets too). A handler receives only a body
// that passed, and reads its values through the methods below.

public sealed partial record ExtractRequest : IValidatableObject, IJsonBody<ExtractRequest>
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        var registry = validationContext.GetRequiredService<FeatureRegistry>();
        registry.Validate(Features, FeatureSet, errors);
        var set = errors.Count == 0 ? registry.Resolve(Features, FeatureSet) : null;
        ExtractionRules.Check(registry, set, UserId, CurrentValue, Entities, Request, FieldPath.Body, errors);
        return errors.Results;
    }

    /// <summary>The validated row.</summary>
    internal ExtractionRows ToRows(FeatureRegistry registry)
    {
        var rows = new ExtractionRows(registry, 1);
        ExtractionRules.Fill(rows, 0, UserId, CurrentValue, Entities, Request);
        return rows;
    }
}

public sealed partial record BatchExtractRequest : IValidatableObject, IJsonBody<BatchExtractRequest>
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        var registry = validationContext.GetRequiredService<FeatureRegistry>();
        var maxBatchSize = validationContext.GetRequiredService<IOptions<FeatureServingOptions>>().Value.MaxBatchSize;
        registry.Validate(Features, FeatureSet, errors);
        var set = errors.Count == 0 ? registry.Resolve(Features, FeatureSet) : null;
        RequestValidation.Items(Requests, "requests", maxBatchSize, errors,
            (item, at) => ExtractionRules.Check(registry, set, item.UserId, item.CurrentValue, item.Entities, item.Request, at, errors));
        return errors.Results;
    }

    /// <summary>The validated rows, in request order.</summary>
    internal ExtractionRows ToRows(FeatureRegistry registry)
    {
        var rows = new ExtractionRows(registry, Requests!.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var item = Requests[i]!;
            ExtractionRules.Fill(rows, i, item.UserId, item.CurrentValue, item.Entities, item.Request);
        }
        return rows;
    }
}

public sealed partial record CandidatesRequest : IValidatableObject, IJsonBody<CandidatesRequest>
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        var registry = validationContext.GetRequiredService<FeatureRegistry>();
        var maxCandidates = validationContext.GetRequiredService<IOptions<FeatureServingOptions>>().Value.MaxBatchSize;
        registry.Validate(Features, FeatureSet, errors);
        var set = errors.Count == 0 ? registry.Resolve(Features, FeatureSet) : null;
        ExtractionRules.CheckKeys(registry, Entities, FieldPath.Body, errors);
        ExtractionRules.CheckValues(registry, Request, FieldPath.Body, errors);
        var entity = CheckCandidates(registry, maxCandidates, errors);
        if (entity is not null && Entities?.Keys.ContainsKey(entity.Name) == true)
        {
            errors.Add($"entities.{entity.Name}", $"{entity.Name} is the candidates' entity: its keys go in candidates, not entities.");
        }
        if (set is null || entity is null)
        {
            return errors.Results;
        }
        foreach (var needed in set.Entities)
        {
            if (needed != entity && Entities?.Keys.ContainsKey(needed.Name) != true)
            {
                errors.Add($"entities.{needed.Name}", $"Required: the features asked for read {needed.Name}.");
            }
        }
        foreach (var field in set.Request)
        {
            if (Request?.Values.ContainsKey(field.Name) == true)
            {
                continue;
            }
            // Without a shared value every candidate row must carry its own.
            var message = $"Required: the features asked for use {field.Name} (in request, or in every candidate row).";
            if (Candidates!.Rows is not { } rows)
            {
                errors.Add($"request.{field.Name}", message);
            }
            else if (FirstRowWithout(rows, field.Name) is var lacking and >= 0)
            {
                errors.Add(new FieldPath("candidates.rows", lacking).Of($"request.{field.Name}"), message);
            }
        }
        return errors.Results;
    }

    /// <summary>The candidates' entity, when it and every key are valid; their list holds one to the batch limit.</summary>
    private EntityDefinition? CheckCandidates(FeatureRegistry registry, int maxCandidates, RequestErrors errors)
    {
        if (Candidates is not { } candidates)
        {
            errors.Add("candidates", "The candidates field is required: {\"entity\":\"item\",\"keys\":[...]}.");
            return null;
        }
        var entity = candidates.Entity is null ? null : registry.FindEntity(candidates.Entity);
        if (entity is null)
        {
            errors.Add("candidates.entity", candidates.Entity is null
                ? "The entity field is required: the candidates' entity."
                : $"Unknown entity '{candidates.Entity}'. Entities: {string.Join(", ", registry.Entities.Select(e => e.Name))}.");
        }
        if (candidates.Keys is not null && candidates.Rows is not null)
        {
            errors.Add("candidates", "Give either keys or rows, not both.");
            return null;
        }
        if (candidates.Rows is { } rows)
        {
            RequestValidation.Items(rows, "candidates.rows", maxCandidates, errors, (row, at) =>
            {
                CheckKey(entity, row.Key, at.Of("key"), errors);
                ExtractionRules.CheckValues(registry, row.Request, at, errors);
            });
        }
        else if (candidates.Keys is not { Count: > 0 } keys)
        {
            errors.Add("candidates.keys", "Give at least one item in candidates.keys.");
        }
        else if (keys.Count > maxCandidates)
        {
            errors.Add("candidates.keys", $"candidates.keys holds at most {maxCandidates} items; this one has {keys.Count}.");
        }
        else
        {
            for (var i = 0; i < keys.Count; i++)
            {
                CheckKey(entity, keys[i], $"candidates.keys[{i}]", errors);
            }
        }
        return entity;
    }

    private static int FirstRowWithout(IReadOnlyList<CandidateRow?> rows, string field)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i]?.Request?.Values.ContainsKey(field) != true)
            {
                return i;
            }
        }
        return -1;
    }

    private static void CheckKey(EntityDefinition? entity, EntityKey? key, string field, RequestErrors errors)
    {
        if (key is not { } present)
        {
            errors.Add(field, "A candidate's key is required.");
        }
        else if (entity is not null && present.Problem(entity.KeyType) is { } problem)
        {
            errors.Add(field, $"The key of {entity.Name} {problem}");
        }
    }

    /// <summary>How many rows the call answers (what it is charged, with one for the shared instances).</summary>
    internal int CandidateCount => Candidates?.Keys?.Count ?? Candidates?.Rows?.Count ?? 0;

    /// <summary>The validated rows, in candidate order: each the shared entities and request plus its candidate.</summary>
    internal ExtractionRows ToRows(FeatureRegistry registry)
    {
        var entity = registry.FindEntity(Candidates!.Entity!)!;
        var rows = new ExtractionRows(registry, CandidateCount) { Candidates = entity };
        // The shared part is filled once and copied to every row.
        ExtractionRules.FillKeys(rows, 0, Entities);
        ExtractionRules.FillValues(rows, 0, Request);
        for (var i = 0; i < rows.Count; i++)
        {
            rows.CopyRow(0, i);
            if (Candidates.Rows is { } candidateRows)
            {
                rows.SetKey(i, entity, candidateRows[i]!.Key!.Value);
                ExtractionRules.FillValues(rows, i, candidateRows[i]!.Request);
            }
            else
            {
                rows.SetKey(i, entity, Candidates.Keys![i]!.Value);
            }
        }
        return rows;
    }
}

public sealed partial class FeatureValues : IValidatableObject, IJsonBody<FeatureValues>
{
    /// <summary>As the body of a write to one instance: the values of the route's entity (user on /api/users).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        var registry = validationContext.GetRequiredService<FeatureRegistry>();
        var options = validationContext.GetRequiredService<IOptions<FeatureServingOptions>>().Value;
        var routeEntity = validationContext.GetRequiredService<IHttpContextAccessor>().HttpContext?.GetRouteValue(EntityRoute.EntityParameter) as string;
        // An unknown entity in the route is the route's error (EntityRoute); the values are not checked against nothing.
        if (registry.FindEntity(routeEntity ?? EntityDefinition.User) is { } entity)
        {
            RequestValidation.StoredValues(entity, this, options.MaxValueMagnitude, "", errors);
        }
        return errors.Results;
    }

    /// <summary>The validated values, for the store.</summary>
    internal StoredFeatureValues For(EntityKey key) => new(key, [.. Values]);
}

public sealed partial record BulkUpsertRequest : IValidatableObject, IJsonBody<BulkUpsertRequest>
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        var registry = validationContext.GetRequiredService<FeatureRegistry>();
        var options = validationContext.GetRequiredService<IOptions<FeatureServingOptions>>().Value;
        if (registry.UserEntity is not { } user)
        {
            errors.Add("users", "This repository has no user entity with int64 keys: write through /api/entities/{entity}/features.");
            return errors.Results;
        }
        var seen = new HashSet<long>();
        RequestValidation.Items(Users, "users", options.MaxBatchSize, errors, (item, at) =>
        {
            RequestValidation.UserId(item.UserId, at, errors);
            RequestValidation.StoredValues(user, item.Features, options.MaxValueMagnitude, at.Of("features."), errors);
            // A user twice would make the write ambiguous.
            if (item.UserId is { } userId and > 0 && !seen.Add(userId))
            {
                errors.Add(at.Of("userId"), $"User {userId} appears more than once.");
            }
        });
        return errors.Results;
    }

    /// <summary>The validated writes, one per user.</summary>
    internal StoredFeatureValues[] Writes() => [.. Users!.Select(user => user!.Features!.For(EntityKey.Of(user.UserId.GetValueOrDefault())))];
}

public sealed partial record EntityBulkUpsertRequest : IValidatableObject, IJsonBody<EntityBulkUpsertRequest>
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new RequestErrors();
        var registry = validationContext.GetRequiredService<FeatureRegistry>();
        var options = validationContext.GetRequiredService<IOptions<FeatureServingOptions>>().Value;
        var routeEntity = validationContext.GetRequiredService<IHttpContextAccessor>().HttpContext?.GetRouteValue(EntityRoute.EntityParameter) as string;
        if (registry.FindEntity(routeEntity ?? "") is not { } entity)
        {
            return errors.Results;
        }
        var seen = new HashSet<EntityKey>();
        RequestValidation.Items(Rows, "rows", options.MaxBatchSize, errors, (item, at) =>
        {
            if (item.Key is not { } key)
            {
                errors.Add(at.Of("key"), "The key field is required.");
            }
            else if (key.Problem(entity.KeyType) is { } problem)
            {
                errors.Add(at.Of("key"), $"The key of {entity.Name} {problem}");
            }
            else if (!seen.Add(key))
            {
                errors.Add(at.Of("key"), $"Key {key} appears more than once.");
            }
            RequestValidation.StoredValues(entity, item.Features, options.MaxValueMagnitude, at.Of("features."), errors);
        });
        return errors.Results;
    }

    /// <summary>The validated writes, one per instance.</summary>
    internal StoredFeatureValues[] Writes() => [.. Rows!.Select(row => row!.Features!.For(row.Key.GetValueOrDefault()))];
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
            var stream = item.Stream is null ? null : registry.FindStream(item.Stream);
            if (stream is null)
            {
                errors.Add(at.Of("stream"), item.Stream is null
                    ? "The stream field is required."
                    : $"Unknown stream '{item.Stream}'. Streams: {string.Join(", ", registry.Streams.Select(s => s.Name))}.");
            }
            else
            {
                CheckInstance(item, stream, at, errors);
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

    /// <summary>An event names its instance by <c>userId</c> (a user stream) or by <c>key</c> (of the stream's entity).</summary>
    private static void CheckInstance(LiveEventItem item, EventStream stream, FieldPath at, RequestErrors errors)
    {
        var entity = stream.Entity;
        if (item.Entity is not null && item.Entity != entity.Name)
        {
            errors.Add(at.Of("entity"), $"Stream '{stream.Name}' carries events of {entity.Name}, not {item.Entity}.");
        }
        if (item.UserId is not null && item.Key is not null)
        {
            errors.Add(at.ToString(), "Give either userId or key, not both.");
        }
        else if (item.Key is { } key)
        {
            if (key.Problem(entity.KeyType) is { } problem)
            {
                errors.Add(at.Of("key"), $"The key of {entity.Name} {problem}");
            }
        }
        else if (entity.Name != EntityDefinition.User || entity.KeyType != EntityKeyType.Int64)
        {
            errors.Add(at.Of("key"), $"The key field is required: the {entity.Name} the event is about.");
        }
        else
        {
            RequestValidation.UserId(item.UserId, at, errors);
        }
    }

    /// <summary>How many events carry an id (each charges the key's id quota).</summary>
    internal int EventIdCount => Events?.Count(e => e?.EventId is not null) ?? 0;

    /// <summary>The validated events; those without a timestamp happened <paramref name="now"/>.</summary>
    internal LiveEvent[] ToLiveEvents(FeatureRegistry registry, DateTimeOffset now) =>
        [.. Events!.Select(e => new LiveEvent(e!.Key ?? EntityKey.Of(e.UserId.GetValueOrDefault()), registry.FindStream(e.Stream!)!,
            e.Value ?? 1.0, e.Timestamp ?? now, e.EventId))];
}
