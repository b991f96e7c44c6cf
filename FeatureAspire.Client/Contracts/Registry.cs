using System.Text.Json.Serialization;

namespace FeatureAspire.Client;

/// <summary>
/// The feature repository version the store holds now and its document, from <c>GET /api/registry</c>.
/// <see cref="Version"/> is also the answer's ETag: pass it as <c>expectedVersion</c> to
/// <see cref="FeatureApiClient.ApplyRegistryAsync"/> so an apply planned against it cannot overwrite a newer one.
/// </summary>
/// <param name="Version">The version (0: none applied yet, and <paramref name="Document"/> is the built-in default).</param>
/// <param name="AppliedAt">When it was applied.</param>
/// <param name="AppliedBy">The name of the API key that applied it.</param>
/// <param name="Summary">What it changed against the version before, in one line.</param>
/// <param name="RollbackOf">For a rollback, the version whose document it applied again.</param>
/// <param name="Document">The document, YAML or JSON, as it was sent.</param>
public sealed record RegistryDocument(long Version, DateTimeOffset AppliedAt, string AppliedBy, string Summary, long? RollbackOf, string Document);

/// <summary>What applying a repository document would change (a plan), or did (an apply or a rollback).</summary>
/// <param name="Version">After an apply or a rollback, the version stored; for a plan, the version planned against.</param>
/// <param name="BaseVersion">The version the changes are counted from; null before the first apply.</param>
/// <param name="Breaking">
/// Whether any change breaks something (requests refused, windows restarted, values changing meaning): an apply then
/// needs <c>force</c>.
/// </param>
/// <param name="Summary">The changes in one line, such as <c>2 added, 1 changed, 1 removed (2 breaking).</c></param>
/// <param name="Changes">Each change, with its details and, when breaking, its consequence.</param>
/// <param name="Lines">The plan as text, as <c>feast plan</c> prints it: <c>Updated feature clicks_1h (breaking)</c>, then <c>  tile: 5m -> 1m</c>.</param>
public sealed record RegistryPlan(long? Version, long? BaseVersion, bool Breaking, string Summary, IReadOnlyList<RegistryChange> Changes,
    IReadOnlyList<string> Lines);

/// <summary>One change of a plan: <c>feature</c> <c>clicks_1h</c> <see cref="RegistryChangeType.Changed"/>, with <c>tile: 5m -> 1m</c>.</summary>
/// <param name="Kind">What changed: <c>entity</c>, <c>stream</c>, <c>feature</c>, <c>featureSet</c> or <c>defaultFeatures</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="Change">Whether it is added, changed or removed.</param>
/// <param name="Breaking">Whether the change breaks something.</param>
/// <param name="Consequence">When breaking, what breaks.</param>
/// <param name="Details">For a changed one, each property that changed: <c>window: 1h -> 2h</c>.</param>
public sealed record RegistryChange(string Kind, string Name, RegistryChangeType Change, bool Breaking, string? Consequence,
    IReadOnlyList<string> Details);

/// <summary>How a plan's change affects its subject.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RegistryChangeType>))]
public enum RegistryChangeType
{
    /// <summary>New in the document.</summary>
    [JsonStringEnumMemberName("added")] Added,

    /// <summary>In both versions, with different properties.</summary>
    [JsonStringEnumMemberName("changed")] Changed,

    /// <summary>Gone from the document.</summary>
    [JsonStringEnumMemberName("removed")] Removed,
}

/// <summary>The newest repository versions' records, newest first, from <c>GET /api/registry/history</c>.</summary>
/// <param name="Versions">The records.</param>
public sealed record RegistryHistory(IReadOnlyList<RegistryVersionRecord> Versions);

/// <summary>What is known of one applied repository version.</summary>
/// <param name="Version">The version number.</param>
/// <param name="AppliedAt">When it was applied.</param>
/// <param name="AppliedBy">The name of the API key that applied it.</param>
/// <param name="Summary">What changed against the version before, in one line.</param>
/// <param name="RollbackOf">For a rollback, the version whose document it applied again.</param>
public sealed record RegistryVersionRecord(long Version, DateTimeOffset AppliedAt, string AppliedBy, string Summary, long? RollbackOf);

/// <summary>
/// The repository version one FeatureApi process serves, and what it knows of the store's, from
/// <c>GET /api/registry/status</c>. Behind a load balancer each call may reach another process.
/// </summary>
/// <param name="LoadedVersion">The version served (0: the built-in default, before the store answered).</param>
/// <param name="StoreVersion">The store's current version as last seen, when known.</param>
/// <param name="Since">When the served version was loaded.</param>
/// <param name="Error">Why the store's version is not served, when it is not (the last good version goes on serving).</param>
/// <param name="FromStore">False while the built-in default stands in for a store not yet reached.</param>
public sealed record RegistryStatus(long LoadedVersion, long? StoreVersion, DateTimeOffset Since, string? Error, bool FromStore);

/// <summary>The media types FeatureApi reads a repository document in.</summary>
public static class RepositoryMediaType
{
    /// <summary>YAML, the repository's usual form.</summary>
    public const string Yaml = "application/yaml";

    /// <summary>JSON, the same document as a JSON object.</summary>
    public const string Json = "application/json";
}
