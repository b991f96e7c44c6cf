using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Pipeline;
using FeatureApi.Requests;

namespace FeatureApi.Apis;

/// <summary>
/// What one extract row must carry, in either shape, for the features it asks for: the seed's <c>userId</c> and
/// <c>currentValue</c> (the <c>user</c> entity and the <c>current_value</c> request field), or <c>entities</c> and
/// <c>request</c> naming every entity and request field the features read. A row with neither <c>entities</c> nor
/// <c>request</c> is in the seed's shape, so <c>{}</c> is answered as it always was.
/// </summary>
internal static class ExtractionRules
{
    public static bool IsUserShaped(EntityKeys? entities, RequestValues? request) => entities is null && request is null;

    public static void Check(FeatureRegistry registry, FeatureSet? set, long? userId, double? currentValue, EntityKeys? entities,
        RequestValues? request, FieldPath at, RequestErrors errors)
    {
        if (IsUserShaped(entities, request))
        {
            CheckUserShaped(registry, set, userId, currentValue, at, errors);
            return;
        }
        if (userId is not null || currentValue is not null)
        {
            errors.Add(at.ToString(), "Give either userId and currentValue, or entities and request, not both.");
            return;
        }
        CheckKeys(registry, entities, at, errors);
        CheckValues(registry, request, at, errors);
        if (set is null)
        {
            return;
        }
        foreach (var entity in set.Entities)
        {
            if (entities?.Keys.ContainsKey(entity.Name) != true)
            {
                errors.Add(at.Of($"entities.{entity.Name}"), $"Required: the features asked for read {entity.Name}.");
            }
        }
        foreach (var feature in set.Request)
        {
            if (request?.Values.ContainsKey(feature.Name) != true)
            {
                errors.Add(at.Of($"request.{feature.Name}"), $"Required: the features asked for use {feature.Name}.");
            }
        }
    }

    /// <summary>Every entity named is the registry's, with a key of its type.</summary>
    public static void CheckKeys(FeatureRegistry registry, EntityKeys? entities, FieldPath at, RequestErrors errors)
    {
        foreach (var (name, key) in entities?.Keys ?? EmptyKeys)
        {
            if (registry.FindEntity(name) is not { } entity)
            {
                errors.Add(at.Of($"entities.{name}"), $"Unknown entity '{name}'. Entities: {string.Join(", ", registry.Entities.Select(e => e.Name))}.");
            }
            else if (key.Problem(entity.KeyType) is { } problem)
            {
                errors.Add(at.Of($"entities.{name}"), $"The key of {name} {problem}");
            }
        }
    }

    /// <summary>Every value named is a request field's, of its type.</summary>
    public static void CheckValues(FeatureRegistry registry, RequestValues? request, FieldPath at, RequestErrors errors)
    {
        foreach (var (name, value) in request?.Values ?? EmptyValues)
        {
            if (!registry.TryGet(name, out var feature) || feature.Kind != FeatureKind.Request)
            {
                errors.Add(at.Of($"request.{name}"), $"'{name}' is not a request field. Request fields: {string.Join(", ", registry.RequestFeatures.Select(f => f.Name))}.");
            }
            else if (Problem(feature, value) is { } problem)
            {
                errors.Add(at.Of($"request.{name}"), problem);
            }
        }
    }

    private static void CheckUserShaped(FeatureRegistry registry, FeatureSet? set, long? userId, double? currentValue, FieldPath at, RequestErrors errors)
    {
        if (registry.UserEntity is null)
        {
            errors.Add(at.Of("userId"), "This repository has no user entity with int64 keys: name the request's entities instead.");
        }
        else
        {
            RequestValidation.UserId(userId, at, errors);
        }
        if (currentValue is not { } value || !double.IsFinite(value))
        {
            errors.Add(at.Of("currentValue"), currentValue is null ? "The currentValue field is required." : "currentValue must be a finite number.");
        }
        if (set is null)
        {
            return;
        }
        if (set.Entities.FirstOrDefault(e => e != registry.UserEntity) is { } other)
        {
            errors.Add(at.ToString(), $"The features asked for read entity '{other.Name}': name the request's entities instead of userId.");
        }
        if (set.Request.FirstOrDefault(f => f != registry.CurrentValue) is { } field)
        {
            errors.Add(at.ToString(), $"The features asked for use request field '{field.Name}': give request values instead of currentValue.");
        }
    }

    /// <summary>What is wrong with a request value for its feature's type, if anything.</summary>
    public static string? Problem(FeatureDefinition feature, double value) => feature.Type switch
    {
        FeatureValueType.Bool when value is not (0 or 1) => $"{feature.Name} is a bool: true or false.",
        FeatureValueType.Int when value != Math.Floor(value) => $"{feature.Name} must be a whole number.",
        _ => null,
    };

    /// <summary>Fills row <paramref name="row"/> from a validated request in either shape.</summary>
    public static void Fill(ExtractionRows rows, int row, long? userId, double? currentValue, EntityKeys? entities, RequestValues? request)
    {
        if (IsUserShaped(entities, request))
        {
            rows.SetUser(row, userId.GetValueOrDefault(), currentValue.GetValueOrDefault());
            return;
        }
        FillKeys(rows, row, entities);
        FillValues(rows, row, request);
    }

    public static void FillKeys(ExtractionRows rows, int row, EntityKeys? entities)
    {
        foreach (var (name, key) in entities?.Keys ?? EmptyKeys)
        {
            rows.SetKey(row, rows.Registry.FindEntity(name)!, key);
        }
    }

    public static void FillValues(ExtractionRows rows, int row, RequestValues? request)
    {
        foreach (var (name, value) in request?.Values ?? EmptyValues)
        {
            rows.SetRequest(row, rows.Registry[name], value);
        }
    }

    private static readonly IReadOnlyDictionary<string, EntityKey> EmptyKeys = new Dictionary<string, EntityKey>();
    private static readonly IReadOnlyDictionary<string, double> EmptyValues = new Dictionary<string, double>();
}
