using System.ComponentModel.DataAnnotations;

namespace FeatureApi.Requests;

/// <summary>
/// The validation errors of one request body, each keyed by the field it concerns (<c>requests[3].userId</c>), as
/// <see cref="IValidatableObject.Validate"/> returns them. Nothing is allocated until the first error, so validating a
/// valid request costs no garbage.
/// </summary>
public sealed class RequestErrors
{
    private List<ValidationResult>? results;

    public int Count => results?.Count ?? 0;

    public void Add(string field, string message) => (results ??= []).Add(new ValidationResult(message, [field]));

    public IEnumerable<ValidationResult> Results => results ?? (IEnumerable<ValidationResult>)[];
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

    public override string ToString() => List is null ? RequestBodyError.Body : $"{List}[{Index}]";
}
