namespace FeatureAspire.AppHost.Services;

/// <summary>FeatureApi's scopes, as its <c>Auth:ApiKeys:&lt;name&gt;:Scopes</c> lists them.</summary>
public static class ApiScopes
{
    public const string Read = "features:read";
    public const string Write = "features:write";

    public static readonly string[] ReadWrite = [Read, Write];
}
