using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FeatureApi.Apis;

/// <summary>
/// Reads a JSON request body with the source-generated contract, turning every way it can be wrong into a validation
/// error that names the field, never a 500.
/// </summary>
internal static class RequestBody
{
    /// <summary>
    /// The parsed body, or null with the reason in <paramref name="errors"/>. A body over the size limit is no
    /// validation error: its <see cref="BadHttpRequestException"/> (413) goes on to the problem exception handler.
    /// </summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, ValidationErrors errors,
        CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await DeserializeAsync(request.BodyReader, typeInfo, cancellationToken);
            if (value is null)
            {
                errors["body"] = ["The request body must be a JSON object."];
            }
            return value;
        }
        catch (JsonException ex)
        {
            errors[FieldOf(ex.Path)] = [Describe(ex)];
            return null;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode != StatusCodes.Status413PayloadTooLarge)
        {
            errors["body"] = [ex.Message];
            return null;
        }
    }

    /// <summary>
    /// Buffers the whole body in the request pipe (Kestrel's size limit still applies) and parses it in one
    /// synchronous pass: cheaper than streaming for bodies of a few hundred bytes, the common case.
    /// </summary>
    private static async ValueTask<T?> DeserializeAsync<T>(PipeReader body, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            if (read.IsCompleted || read.IsCanceled)
            {
                try
                {
                    return Parse(read.Buffer, typeInfo);
                }
                finally
                {
                    body.AdvanceTo(read.Buffer.End);
                }
            }
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static T? Parse<T>(ReadOnlySequence<byte> json, JsonTypeInfo<T> typeInfo)
    {
        var reader = new Utf8JsonReader(json);
        return JsonSerializer.Deserialize(ref reader, typeInfo);
    }

    // System.Text.Json's messages name internal .NET types; say what is wrong in the contract's terms instead.
    private static string Describe(JsonException ex) =>
        ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "Unknown property; the OpenAPI document at /openapi/v1.json lists the allowed ones."
            : $"Malformed JSON or a value of the wrong type (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).";

    /// <summary>"$.requests[2].userId" → "requests[2].userId"; the root or an unreadable path → "body".</summary>
    private static string FieldOf(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
