using FeatureApi.Definitions;
using FeatureApi.Registry;

namespace FeatureApi.Apis.Contracts;

/// <summary>The repository version the store holds now, and its document as it was applied.</summary>
/// <param name="Version">The version (0: none applied yet).</param>
/// <param name="AppliedAt">When it was applied.</param>
/// <param name="AppliedBy">The API key name that applied it.</param>
/// <param name="Summary">What it changed against the version before.</param>
/// <param name="RollbackOf">For a rollback, the version whose document it applied again.</param>
/// <param name="Document">The document, YAML or JSON, as it was sent.</param>
public sealed record RegistryResponse(long Version, DateTimeOffset AppliedAt, string AppliedBy, string Summary, long? RollbackOf, string Document);

/// <summary>What applying a document would change, or did.</summary>
/// <param name="Version">After an apply, the version stored; for a plan, the version planned against.</param>
/// <param name="BaseVersion">The version the changes are counted from (null before the first apply).</param>
/// <param name="Breaking">Whether any change breaks something (an apply needs ?force=true).</param>
/// <param name="Summary">The changes in one line.</param>
/// <param name="Changes">Each change, with its details and, when breaking, its consequence.</param>
/// <param name="Lines">The plan as text, as <c>feast plan</c> prints it.</param>
public sealed record PlanResponse(long? Version, long? BaseVersion, bool Breaking, string Summary, IReadOnlyList<PlanChangeResponse> Changes,
    IReadOnlyList<string> Lines)
{
    internal static PlanResponse Of(long? version, PlanResult plan) => new(version, plan.BaseVersion, plan.Breaking, plan.Summary,
        [.. plan.Changes.Select(c => new PlanChangeResponse(c.Kind, c.Name, c.Change.ToString().ToLowerInvariant(), c.Breaking, c.Consequence, c.Details))],
        plan.Lines);
}

/// <summary>One change: <c>feature</c> <c>clicks_1h</c> <c>changed</c>, with <c>tile: 5m -> 1m</c>.</summary>
public sealed record PlanChangeResponse(string Kind, string Name, string Change, bool Breaking, string? Consequence, IReadOnlyList<string> Details);

/// <summary>The newest versions' records, newest first.</summary>
public sealed record RegistryHistoryResponse(IReadOnlyList<VersionRecord> Versions);

/// <summary>What this FeatureApi process serves, and what it knows of the store's version.</summary>
public sealed record RegistryStatusResponse(long LoadedVersion, long? StoreVersion, DateTimeOffset Since, string? Error, bool FromStore);
