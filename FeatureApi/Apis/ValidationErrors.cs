using Microsoft.AspNetCore.Http.HttpResults;

namespace FeatureApi.Apis;

/// <summary>
/// A request's validation errors, keyed by the field they concern (<c>requests[3].userId</c>). The dictionary is made
/// on the first error, so a valid request allocates none.
/// </summary>
public sealed class ValidationErrors
{
    private Dictionary<string, string[]>? errors;

    public int Count => errors?.Count ?? 0;

    /// <summary>Records the messages for a field, replacing earlier ones for the same field.</summary>
    public string[] this[string field]
    {
        set => (errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal))[field] = value;
    }

    /// <summary>The 400 answer naming every field, or null when the request is valid.</summary>
    public ValidationProblem? ToProblem() => errors is null ? null : Problem(errors);

    /// <summary>The 400 answer for a single field.</summary>
    public static ValidationProblem Single(string field, string message) =>
        Problem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    private static ValidationProblem Problem(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors,
            detail: string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            title: "The request is invalid.");
}
