using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureAspire.Client;

/// <summary>
/// An RFC 9457 problem document (<c>application/problem+json</c>) as FeatureApi writes it for a refused request.
/// </summary>
/// <param name="Type">A URI reference that identifies the problem type.</param>
/// <param name="Title">A short summary, such as <c>The request is invalid.</c></param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">An explanation specific to this occurrence.</param>
/// <param name="Instance">A URI reference that identifies this occurrence.</param>
/// <param name="Errors">
/// For a 400: field → what is wrong with it, such as <c>requests[3].userId</c>, or for a repository document the
/// place in it, such as <c>features[4].expression</c>.
/// </param>
/// <param name="TraceId">The trace of the refused request, for finding it in the dashboard.</param>
public sealed record FeatureApiProblem(
    string? Type,
    string? Title,
    int? Status,
    string? Detail,
    string? Instance,
    IReadOnlyDictionary<string, string[]>? Errors,
    string? TraceId)
{
    /// <summary>
    /// Every other member of the problem, by name, as FeatureApi wrote it: <c>currentVersion</c> on a registry 409,
    /// <c>plan</c> on a registry 422 (read them as <see cref="CurrentRegistryVersion"/> and <see cref="PlanLines"/>). Null
    /// when there are none.
    /// </summary>
    // Set after construction, not an init accessor: System.Text.Json cannot fill extension data through a constructor.
    [JsonExtensionData, JsonInclude]
    public IDictionary<string, JsonElement>? Extensions { get; internal set; }

    /// <summary>
    /// For a 409 from an apply or a rollback (another version was applied first): the store's version now, to plan
    /// against again. Null for any other problem.
    /// </summary>
    // Not named after the members they read: System.Text.Json skips a member matching an ignored property's name
    // instead of keeping it in Extensions.
    [JsonIgnore]
    public long? CurrentRegistryVersion =>
        Extension("currentVersion") is { ValueKind: JsonValueKind.Number } version && version.TryGetInt64(out var number) ? number : null;

    /// <summary>
    /// For a 422 from an apply (the document has breaking changes and was sent without <c>force</c>): the plan's
    /// lines, as <see cref="RegistryPlan.Lines"/> has them. Null for any other problem.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string>? PlanLines => Extension("plan") is { ValueKind: JsonValueKind.Array } lines
        ? [.. lines.EnumerateArray().Where(line => line.ValueKind == JsonValueKind.String).Select(line => line.GetString()!)]
        : null;

    private JsonElement? Extension(string name) => Extensions?.TryGetValue(name, out var value) == true ? value : null;
}
