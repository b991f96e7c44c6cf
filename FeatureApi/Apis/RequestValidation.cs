using FeatureApi.Features;
using FeatureApi.Pipeline;
using FeatureApi.Store;
using System.Text.Json;

namespace FeatureApi.Apis;

/// <summary>The validation rules of the feature and user contracts, each error keyed by the field it concerns.</summary>
internal static class RequestValidation
{
    public static bool TryUserId(long? userId, FieldPath at, ValidationErrors errors, out long value)
    {
        value = userId.GetValueOrDefault();
        if (userId > 0)
        {
            return true;
        }
        errors[at.Of("userId")] = [userId is null ? "The userId field is required." : "userId must be a positive 64-bit integer."];
        return false;
    }

    /// <summary>The error for a value beyond FeatureServing:MaxValueMagnitude.</summary>
    public static string MagnitudeError(string field, double maxMagnitude) =>
        $"{field} must be between -{maxMagnitude:G} and {maxMagnitude:G} (FeatureServing:MaxValueMagnitude).";

    public static ExtractionInput? Input(long? userId, double? currentValue, FieldPath at, ValidationErrors errors)
    {
        var validUser = TryUserId(userId, at, errors, out var id);
        if (currentValue is not { } value || !double.IsFinite(value))
        {
            errors[at.Of("currentValue")] = [currentValue is null ? "The currentValue field is required." : "currentValue must be a finite number."];
            return null;
        }
        return validUser ? new ExtractionInput(id, value) : null;
    }

    /// <summary>
    /// Stored feature values from a JSON object: every name must be a stored feature, every value a finite number
    /// (a whole number for int features).
    /// </summary>
    public static List<KeyValuePair<string, double>> StoredValues(FeatureRegistry registry, IReadOnlyDictionary<string, JsonElement>? values,
        double maxMagnitude, string prefix, ValidationErrors errors)
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
            else if (Math.Abs(value) > maxMagnitude)
            {
                errors[field] = [MagnitudeError(name, maxMagnitude)];
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
        double maxMagnitude, FieldPath at, ValidationErrors errors)
    {
        var validUser = TryUserId(userId, at, errors, out var id);
        var stored = StoredValues(registry, values, maxMagnitude, at.Of("features."), errors);
        return validUser ? new StoredFeatureValues(id, stored) : null;
    }
}

/// <summary>
/// Where an item sits in a request body, such as <c>requests[3]</c>. Field names are built only for errors, so a
/// valid batch of a thousand items allocates none.
/// </summary>
internal readonly record struct FieldPath(string? List, int Index)
{
    /// <summary>The body itself.</summary>
    public static FieldPath Body => default;

    public string Of(string field) => List is null ? field : $"{List}[{Index}].{field}";

    public override string ToString() => List is null ? "body" : $"{List}[{Index}]";
}
