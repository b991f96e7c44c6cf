namespace FeatureAspire.Bench;

/// <summary>Where the built binaries are and where the run writes its logs and results.</summary>
internal sealed record BenchPaths(string RepositoryRoot, string ResultsDirectory, string LogDirectory)
{
    public string FeatureApiDll => Path.Combine(RepositoryRoot, "FeatureApi", "bin", "Release", "net10.0", "FeatureApi.dll");
    public string GarnetHostDll => Path.Combine(RepositoryRoot, "FeatureAspire.GarnetHost", "bin", "Release", "net10.0", "FeatureAspire.GarnetHost.dll");
}
