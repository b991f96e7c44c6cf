using System.Text.Json;

namespace FeatureApi.Requests;

/// <summary>
/// A JSON error raised by a request converter, in the contract's words. The serializer records where the converter
/// was called (<see cref="JsonException.Path"/>); this adds where inside it the error is (<see cref="Segment"/>: an
/// item's <c>[3]</c> or an entry's <c>.user_age</c>) and either says what is wrong (<see cref="Problem"/>) or carries the
/// error of a nested value (<see cref="Nested"/>), whose own path starts where the segment ends.
/// </summary>
internal sealed class RequestJsonException : JsonException
{
    private RequestJsonException(string segment, string? problem, JsonException? nested)
        : base(problem ?? nested?.Message, nested)
    {
        Segment = segment;
        Problem = problem;
        Nested = nested;
    }

    public string Segment { get; }

    public string? Problem { get; }

    public JsonException? Nested { get; }

    /// <summary>What is wrong at <paramref name="segment"/>, said for the client.</summary>
    public static RequestJsonException At(string segment, string problem) => new(segment, problem, null);

    /// <summary>The error of the value at <paramref name="segment"/>, read by a nested call of the serializer.</summary>
    public static RequestJsonException Within(string segment, JsonException nested) => new(segment, null, nested);
}
