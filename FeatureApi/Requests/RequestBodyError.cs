using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FeatureApi.Requests;

/// <summary>
/// What a body the framework could not bind did wrong, as a field and a message in the contract's terms:
/// <c>requests[3].userId</c>, <c>features</c>, or <c>body</c> for the body as a whole. Unknown properties are recognised
/// from the contract's own metadata (the path names a property its type does not have), never from an exception's text.
/// </summary>
internal readonly record struct RequestBodyError(string Field, string Message)
{
    public const string Body = "body";

    public static RequestBodyError NotAnObject => new(Body, "The request body must be a JSON object.");

    /// <summary>The field and message for a JSON error while reading a body of <paramref name="bodyType"/>.</summary>
    public static RequestBodyError Of(JsonException error, Type? bodyType, JsonSerializerOptions options)
    {
        var path = error.Path ?? "$";
        JsonException current = error;
        while (current is RequestJsonException request)
        {
            path += request.Segment;
            if (request.Nested is not { } nested)
            {
                return new(FieldOf(path), request.Problem!);
            }
            current = nested;
            path += (nested.Path ?? "$")[1..];
        }

        if (bodyType is not null && UnknownProperty(bodyType, path, options) is { } allowed)
        {
            var name = JsonPathSegments.Parse(path)[^1].Name;
            return new(FieldOf(path), allowed.Count == 0
                ? $"Unknown property '{name}'."
                : $"Unknown property '{name}'; this object takes {string.Join(", ", allowed)}.");
        }
        return new(FieldOf(path), $"Malformed JSON or a value of the wrong type (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}).");
    }

    /// <summary>"$.requests[2].userId" → "requests[2].userId"; the root → "body".</summary>
    private static string FieldOf(string path) =>
        path.Length <= 1 ? Body : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path[1..];

    /// <summary>
    /// When the path ends in a property its object's contract does not declare, the properties it does declare; null
    /// when the path leads anywhere else (a known property, a list item, a dictionary's entry).
    /// </summary>
    private static IReadOnlyList<string>? UnknownProperty(Type bodyType, string path, JsonSerializerOptions options)
    {
        var segments = JsonPathSegments.Parse(path);
        var type = bodyType;
        for (var i = 0; i < segments.Count; i++)
        {
            var info = options.GetTypeInfo(type);
            var segment = segments[i];
            if (segment.Index is not null)
            {
                if (ElementType(info) is not { } element)
                {
                    return null;
                }
                type = element;
                continue;
            }
            if (info.Kind != JsonTypeInfoKind.Object)
            {
                return null;
            }
            var property = info.Properties.FirstOrDefault(p => p.Name == segment.Name);
            if (property is null)
            {
                return i == segments.Count - 1 ? [.. info.Properties.Select(p => p.Name)] : null;
            }
            type = property.PropertyType;
        }
        return null;
    }

    /// <summary>The items' type of a list, also of one read by a custom converter (whose metadata does not say).</summary>
    private static Type? ElementType(JsonTypeInfo info) =>
        info.ElementType ?? info.Type.GetInterfaces().Append(info.Type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}

/// <summary>The steps of a System.Text.Json path: <c>$.a[3]['b.c']</c> → a, [3], b.c.</summary>
internal readonly record struct JsonPathSegments(string? Name, int? Index)
{
    public static List<JsonPathSegments> Parse(string path)
    {
        var segments = new List<JsonPathSegments>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(new(path[(i + 1)..end], null));
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(new(path[(i + 2)..end], null));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                segments.Add(new(null, int.TryParse(path.AsSpan(i + 1, end - i - 1), out var index) ? index : 0));
                i = end + 1;
            }
            else
            {
                break;
            }
        }
        return segments;
    }
}
