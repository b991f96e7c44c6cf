namespace FeatureAspire.AppHost.Services;

/// <summary>How FeatureApi learns its API keys and how its callers get theirs (configuration names shared with FeatureApi).</summary>
public static class FeatureApiAccessExtensions
{
    /// <summary>Gives FeatureApi the key <paramref name="keyName"/> (<c>Auth:ApiKeys:&lt;name&gt;</c>) with its scopes.</summary>
    public static IResourceBuilder<ProjectResource> WithApiKey(this IResourceBuilder<ProjectResource> featureApi, string keyName,
        IResourceBuilder<ParameterResource> key, params string[] scopes)
    {
        featureApi.WithEnvironment($"Auth__ApiKeys__{keyName}__Key", key);
        for (var i = 0; i < scopes.Length; i++)
        {
            featureApi.WithEnvironment($"Auth__ApiKeys__{keyName}__Scopes__{i}", scopes[i]);
        }
        return featureApi;
    }

    /// <summary>The key a caller of FeatureApi sends (<c>FeatureApi:ApiKey</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithFeatureApiKey(this IResourceBuilder<ProjectResource> caller, IResourceBuilder<ParameterResource> key) =>
        caller.WithEnvironment("FeatureApi__ApiKey", key);

    /// <summary>The password FeatureAdmin's login accepts (<c>Admin:Password</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithAdminPassword(this IResourceBuilder<ProjectResource> featureAdmin, IResourceBuilder<ParameterResource> password) =>
        featureAdmin.WithEnvironment("Admin__Password", password);
}
