using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeatureApi.Apis;

/// <summary>
/// Reads a JSON request body with the source-generated contract, turning every way it can be wrong into a 400
/// problem that names the field (or a 413 when it is too large), never a 500.
/// </summary>
internal static class RequestBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await DeserializeAsync(request.BodyReader, typeInfo, cancellationToken);
            return value is null
                ? (null, Invalid("body", "The request body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Invalid(FieldOf(ex.Path), Describe(ex)));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TypedResults.Problem(ex.Message, statusCode: ex.StatusCode, title: "The request body is too large."));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Invalid("body", ex.Message));
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

    public static ProblemHttpResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid.",
            Detail = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
        });

    // System.Text.Json's messages name internal .NET types; say what is wrong in the contract's terms instead.
    private static string Describe(JsonException ex) =>
        ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "Unknown property; the OpenAPI document at /openapi/v1.json lists the allowed ones."
            : $"Malformed JSON or a value of the wrong type (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).";

    /// <summary>"$.requests[2].userId" → "requests[2].userId"; the root or an unreadable path → "body".</summary>
    private static string FieldOf(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
