namespace FeatureApi.Pipeline;

/// <summary>The response header naming the repository version an answer was served from (its value: <see cref="Features.FeatureRegistry.VersionHeader"/>).</summary>
public static class RegistryVersionHeader
{
    public const string Name = "Registry-Version";
}
