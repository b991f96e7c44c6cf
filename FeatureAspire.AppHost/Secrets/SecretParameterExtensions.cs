namespace FeatureAspire.AppHost.Secrets;

public static class SecretParameterExtensions
{
    /// <summary>
    /// A secret the AppHost generates on first run and keeps in its user secrets (<c>Parameters:&lt;name&gt;</c>), so it
    /// survives restarts; the dashboard lists it, masked, under Parameters.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        // Letters and digits only: StackExchange.Redis connection strings and HTTP headers carry them unescaped.
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
}
