namespace FeatureAspire.Tests.Infrastructure;

/// <summary>The repository's folder (the one holding FeatureAspire.sln), found upward from the test binaries.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "FeatureAspire.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException($"No FeatureAspire.sln above {AppContext.BaseDirectory}.");
    }
}
