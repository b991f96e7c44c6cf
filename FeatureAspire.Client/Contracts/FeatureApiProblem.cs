namespace FeatureAspire.Client;

/// <summary>
/// An RFC 9457 problem document (<c>application/problem+json</c>) as FeatureApi writes it for a refused request.
/// </summary>
/// <param name="Type">A URI reference that identifies the problem type.</param>
/// <param name="Title">A short summary, such as <c>The request is invalid.</c></param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">An explanation specific to this occurrence.</param>
/// <param name="Instance">A URI reference that identifies this occurrence.</param>
/// <param name="Errors">For a 400: field → what is wrong with it, such as <c>requests[3].userId</c>.</param>
/// <param name="TraceId">The trace of the refused request, for finding it in the dashboard.</param>
public sealed record FeatureApiProblem(
    string? Type,
    string? Title,
    int? Status,
    string? Detail,
    string? Instance,
    IReadOnlyDictionary<string, string[]>? Errors,
    string? TraceId);
