using System.Text.Json.Serialization.Metadata;

namespace FeatureApi.Apis;

/// <summary>Turns one item of a request's list into what the handler works with, or records why it cannot.</summary>
internal interface IItemRule<in TItem, TResult>
{
    bool TryValidate(TItem item, FieldPath at, ValidationErrors errors, out TResult result);
}

/// <summary>
/// The one way a list request is read: parse the body, check the list's size, validate every item. Batch extracts,
/// bulk writes and events all come through here, so they refuse bad input the same way and name the same fields.
/// </summary>
internal static class RequestItems
{
    /// <summary>
    /// The body and its validated items; the items are null when the body or the list is unusable. Errors land in
    /// <paramref name="errors"/>, so the caller can validate the body's other fields before answering.
    /// </summary>
    public static async Task<(TBody? Body, TResult[]? Items)> ReadAsync<TBody, TItem, TResult>(
        HttpRequest request, JsonTypeInfo<TBody> typeInfo, Func<TBody, IReadOnlyList<TItem?>?> listOf, string field, int max,
        IItemRule<TItem, TResult> rule, ValidationErrors errors, CancellationToken cancellationToken)
        where TBody : class
        where TItem : class
    {
        var body = await RequestBody.ReadAsync(request, typeInfo, errors, cancellationToken);
        if (body is null)
        {
            return (null, null);
        }
        var items = listOf(body);
        if (items is null || items.Count == 0)
        {
            errors[field] = [$"Give at least one item in {field}."];
            return (body, null);
        }
        if (items.Count > max)
        {
            errors[field] = [$"{field} holds at most {max} items; this one has {items.Count}."];
            return (body, null);
        }

        var results = new TResult[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var at = new FieldPath(field, i);
            if (items[i] is not { } item)
            {
                errors[at.ToString()] = [$"Each item of {field} must be an object."];
            }
            else if (rule.TryValidate(item, at, errors, out var result))
            {
                results[i] = result;
            }
        }
        return (body, errors.Count == 0 ? results : null);
    }
}
