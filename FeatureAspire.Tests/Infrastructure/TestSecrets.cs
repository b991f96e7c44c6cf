namespace FeatureAspire.Tests.Infrastructure;

/// <summary>
/// Known values for the AppHost's secret parameters, so a test can sign in to the admin and call FeatureApi with a
/// key. Passed both as the parameters' values and straight to the services, so tests hold whether or not the AppHost
/// in this build already wires the parameters through.
/// </summary>
public static class TestSecrets
{
    public const string AdminPassword = "test-admin-password";
    public const string AdminApiKey = "test-featureadmin-api-key";

    public static readonly string[] ParameterArgs =
    [
        $"--Parameters:admin-password={AdminPassword}",
        $"--Parameters:featureadmin-api-key={AdminApiKey}",
    ];

    public static IDistributedApplicationTestingBuilder WithTestSecrets(this IDistributedApplicationTestingBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                var environment = context.EnvironmentVariables;
                if (project.Name == "featureapi")
                {
                    environment["Auth__ApiKeys__featureadmin__Key"] = AdminApiKey;
                    environment["Auth__ApiKeys__featureadmin__Scopes__0"] = "features:read";
                    environment["Auth__ApiKeys__featureadmin__Scopes__1"] = "features:write";
                }
                else if (project.Name == "featureadmin")
                {
                    environment["Admin__Password"] = AdminPassword;
                    environment["FeatureApi__ApiKey"] = AdminApiKey;
                }
            }));
        }
        return builder;
    }
}
