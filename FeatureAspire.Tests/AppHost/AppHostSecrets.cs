using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.AppHost;

/// <summary>The values of the AppHost's generated secrets in a started app, for tests that call FeatureApi or log in to FeatureAdmin.</summary>
public static class AppHostSecrets
{
    /// <param name="app">A started app.</param>
    /// <param name="name"><c>developer-api-key</c>, <c>featureadmin-api-key</c>, <c>admin-password</c>, <c>redis-password</c>...</param>
    public static async Task<string> GetSecretAsync(this DistributedApplication app, string name) =>
        await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(parameter => parameter.Name == name).GetValueAsync(CancellationToken.None)
        ?? throw new InvalidOperationException($"The secret {name} has no value.");
}
