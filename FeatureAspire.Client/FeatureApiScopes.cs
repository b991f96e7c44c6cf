namespace FeatureAspire.Client;

/// <summary>
/// The scopes a FeatureApi key can hold (<c>Auth:ApiKeys:&lt;name&gt;:Scopes</c>), in one place for FeatureApi, its
/// hosts and its callers.
/// </summary>
public static class FeatureApiScopes
{
    /// <summary>Extracts, definitions, reading entities, the store's info, reading the repository.</summary>
    public const string Read = "features:read";

    /// <summary>Writing and deleting entities' stored features, bulk upserts, events.</summary>
    public const string Write = "features:write";

    /// <summary>Planning, applying and rolling back the feature repository.</summary>
    public const string RegistryWrite = "registry:write";

    /// <summary>Every scope.</summary>
    public static IReadOnlyList<string> All { get; } = [Read, Write, RegistryWrite];
}
