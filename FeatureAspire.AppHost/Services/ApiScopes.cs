using FeatureAspire.Client;

namespace FeatureAspire.AppHost.Services;

/// <summary>The scope lists the AppHost gives FeatureApi's keys (<c>Auth:ApiKeys:&lt;name&gt;:Scopes</c>), from the client's one vocabulary.</summary>
public static class ApiScopes
{
    public const string Read = FeatureApiScopes.Read;

    /// <summary>Everything: reading, writing and changing the feature repository (the admin's key and the developer's).</summary>
    public static readonly string[] All = [.. FeatureApiScopes.All];
}
