using FeatureApi.Features;
using FeatureApi.Pipeline;
using FeatureApi.Store;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeatureApi.Apis;

/// <summary>The validation rules of the feature and user contracts, each error keyed by the field it concerns.</summary>
internal static class RequestValidation
{
    /// <summary>A problem when a request's list is missing, empty or longer than <paramref name="max"/>; refused whole.</summary>
    public static ProblemHttpResult? ListSize<T>(IReadOnlyList<T>? items, string field, int max) =>
        items is null || items.Count == 0 ? RequestBody.Invalid(field, $"Give at least one item in {field}.")
        : items.Count > max ? RequestBody.Invalid(field, $"{field} holds at most {max} items; this one has {items.Count}.")
        : null;

    public static bool TryUserId(long? userId, string field, IDictionary<string, string[]> errors, out long value)
    {
        value = userId.GetValueOrDefault();
        if (userId is null)
        {
            errors[field] = ["The userId field is required."];
            return false;
        }
        if (userId <= 0)
        {
            errors[field] = ["userId must be a positive 64-bit integer."];
            return false;
        }
        return true;
    }

    public static ExtractionInput? Input(long? userId, double? currentValue, string prefix, IDictionary<string, string[]> errors)
    {
        var validUser = TryUserId(userId, prefix + "userId", errors, out var id);
        if (currentValue is null)
        {
            errors[prefix + "currentValue"] = ["The currentValue field is required."];
            return null;
        }
        if (!double.IsFinite(currentValue.Value))
        {
            errors[prefix + "currentValue"] = ["currentValue must be a finite number."];
            return null;
        }
        return validUser ? new ExtractionInput(id, currentValue.Value) : null;
    }

    /// <summary>
    /// Stored feature values from a JSON object: every name must be a stored feature, every value a finite number
    /// (a whole number for int features).
    /// </summary>
    public static List<KeyValuePair<string, double>> StoredValues(FeatureRegistry registry, IReadOnlyDictionary<string, JsonElement>? values,
        string prefix, IDictionary<string, string[]> errors)
    {
        var result = new List<KeyValuePair<string, double>>();
        if (values is null || values.Count == 0)
        {
            errors[prefix.Length == 0 ? "body" : prefix.TrimEnd('.')] = ["Give at least one stored feature value."];
            return result;
        }
        foreach (var (name, element) in values)
        {
            var field = prefix + name;
            if (!registry.TryGet(name, out var feature) || feature.Kind != FeatureKind.Stored)
            {
                var stored = string.Join(", ", registry.Stored.Select(f => f.Name));
                errors[field] = [$"'{name}' is not a stored feature. Stored features: {stored}."];
            }
            else if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                errors[field] = [$"{name} must be a finite number."];
            }
            else if (feature.Type == FeatureValueType.Int && (value != Math.Floor(value) || Math.Abs(value) > int.MaxValue))
            {
                errors[field] = [$"{name} must be a whole number."];
            }
            else
            {
                result.Add(new(name, value));
            }
        }
        return result;
    }

    public static StoredFeatureValues? StoredUser(FeatureRegistry registry, long? userId, IReadOnlyDictionary<string, JsonElement>? values,
        string prefix, IDictionary<string, string[]> errors)
    {
        var validUser = TryUserId(userId, prefix + "userId", errors, out var id);
        var stored = StoredValues(registry, values, prefix + "features.", errors);
        return validUser ? new StoredFeatureValues(id, stored) : null;
    }
}
