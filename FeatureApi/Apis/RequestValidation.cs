using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Requests;

namespace FeatureApi.Apis;

/// <summary>The rules the request contracts share, each error keyed by the field it concerns.</summary>
internal static class RequestValidation
{
    public static void UserId(long? userId, FieldPath at, RequestErrors errors)
    {
        if (userId is not > 0)
        {
            errors.Add(at.Of("userId"), userId is null ? "The userId field is required." : "userId must be a positive 64-bit integer.");
        }
    }

    /// <summary>The error for a value beyond FeatureServing:MaxValueMagnitude.</summary>
    public static string MagnitudeError(string field, double maxMagnitude) =>
        $"{field} must be between -{maxMagnitude:G} and {maxMagnitude:G} (FeatureServing:MaxValueMagnitude).";

    /// <summary>
    /// A list of items, each validated by <paramref name="item"/>: present, not empty, and each item an object. The
    /// list's length was bounded while it was read (<see cref="BoundedListConverter{T}"/>); it is checked again here
    /// before any item is looked at.
    /// </summary>
    public static void Items<TItem>(IReadOnlyList<TItem?>? items, string field, int max, RequestErrors errors, Action<TItem, FieldPath> item)
        where TItem : class
    {
        if (items is null || items.Count == 0)
        {
            errors.Add(field, $"Give at least one item in {field}.");
            return;
        }
        if (items.Count > max)
        {
            errors.Add(field, $"{field} holds at most {max} items; this one has {items.Count}.");
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var at = new FieldPath(field, i);
            if (items[i] is { } present)
            {
                item(present, at);
            }
            else
            {
                errors.Add(at.ToString(), $"Each item of {field} must be an object.");
            }
        }
    }

    /// <summary>
    /// Stored feature values of <paramref name="entity"/>: every name one of its stored features, every value within the
    /// magnitude bound and, for int features, whole (bool: 0 or 1). <paramref name="prefix"/> leads each field's name
    /// (<c>users[2].features.</c>).
    /// </summary>
    public static void StoredValues(EntityDefinition entity, FeatureValues? values, double maxMagnitude, string prefix, RequestErrors errors)
    {
        if (values is null || values.Values.Count == 0)
        {
            errors.Add(prefix.Length == 0 ? RequestBodyError.Body : prefix.TrimEnd('.'), "Give at least one stored feature value.");
            return;
        }
        foreach (var (name, value) in values.Values)
        {
            var field = prefix + name;
            var feature = entity.Stored.FirstOrDefault(f => f.Name == name);
            if (feature is null)
            {
                errors.Add(field, $"'{name}' is not a stored feature of {entity.Name}. Stored features: {entity.StoredNames}.");
            }
            else if (Math.Abs(value) > maxMagnitude)
            {
                errors.Add(field, MagnitudeError(name, maxMagnitude));
            }
            else if (feature.Type == FeatureValueType.Int && (value != Math.Floor(value) || Math.Abs(value) > int.MaxValue))
            {
                errors.Add(field, $"{name} must be a whole number.");
            }
            else if (feature.Type == FeatureValueType.Bool && value is not (0 or 1))
            {
                errors.Add(field, $"{name} is a bool: true or false.");
            }
        }
    }
}
