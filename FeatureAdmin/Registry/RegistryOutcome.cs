using System.Net;
using FeatureAspire.Client;

namespace FeatureAdmin.Registry;

/// <summary>One place in a refused document and what is wrong there: <c>features[4].expression</c>, <c>Unknown input 'x'.</c></summary>
public sealed record FieldError(string Field, string Message);

/// <summary>How a plan, an apply or a rollback ended, as the registry page tells it.</summary>
public abstract record RegistryOutcome
{
    private RegistryOutcome()
    {
    }

    /// <summary>Stored as <paramref name="Version"/>.</summary>
    public sealed record Applied(long Version, string Summary, bool Forced) : RegistryOutcome;

    /// <summary>Someone applied another version after the plan: plan again against <paramref name="CurrentVersion"/>.</summary>
    public sealed record Conflict(long? PlannedAgainst, long? CurrentVersion) : RegistryOutcome;

    /// <summary>The document has breaking changes and was sent without force: <paramref name="Plan"/> lists them.</summary>
    public sealed record Breaking(PlanView Plan, string? Detail) : RegistryOutcome;

    /// <summary>The document is invalid: each place featureapi named.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : RegistryOutcome;

    /// <summary>Anything else: the sentence that says what.</summary>
    public sealed record Failed(string Message) : RegistryOutcome;

    /// <summary>What a refusal of a plan or an apply planned against <paramref name="plannedAgainst"/> means for the person applying.</summary>
    public static RegistryOutcome Refused(FeatureApiException refused, long? plannedAgainst) => refused switch
    {
        { StatusCode: HttpStatusCode.Conflict } => new Conflict(plannedAgainst, refused.Problem?.CurrentRegistryVersion),
        { StatusCode: HttpStatusCode.UnprocessableEntity, Problem.PlanLines: { } lines } => new Breaking(PlanView.FromLines(lines), refused.Problem.Detail),
        { StatusCode: HttpStatusCode.BadRequest, Errors.Count: > 0 } => new Invalid(
            [.. refused.Errors.SelectMany(field => field.Value.Select(message => new FieldError(field.Key, message)))]),
        _ => new Failed(refused.Message),
    };
}
