namespace FeatureApi.Auth;

/// <summary>
/// The API keys FeatureApi accepts, bound from the <c>Auth</c> section: <c>Auth:ApiKeys:&lt;name&gt;:Key</c> and
/// <c>Auth:ApiKeys:&lt;name&gt;:Scopes</c> (a list of <see cref="ApiScopes"/>), or <c>Auth:Disabled=true</c> to run open (Development only).
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Auth";

    /// <summary>Shortest key accepted: a guessable key is no key.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>Runs without keys, for local experiments only; refused outside Development.</summary>
    public bool Disabled { get; set; }

    /// <summary>Key name (what traces and logs show) → the key and its scopes.</summary>
    public Dictionary<string, ApiKeyEntry> ApiKeys { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One key: its secret value and what it may do.</summary>
public sealed class ApiKeyEntry
{
    public string Key { get; set; } = "";

    public List<string> Scopes { get; set; } = [];
}

/// <summary>The scopes a key can hold; each is also the name of the authorization policy that requires it.</summary>
public static class ApiScopes
{
    public const string Read = FeatureAspire.Client.FeatureApiScopes.Read;
    public const string Write = FeatureAspire.Client.FeatureApiScopes.Write;
    public const string RegistryWrite = FeatureAspire.Client.FeatureApiScopes.RegistryWrite;

    public static IReadOnlyList<string> All => FeatureAspire.Client.FeatureApiScopes.All;
}
