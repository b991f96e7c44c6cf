namespace FeatureAspire.Tests.Cli;

/// <summary>Repository documents written to files in a directory of their own, as a team keeps them in git, deleted with it.</summary>
public sealed class RepositoryFiles : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("featureaspire-cli-");

    /// <summary>The default repository with one derived feature more: a plan with one addition and nothing breaking.</summary>
    public static string WithAddedFeature { get; } = FeatureApi.Definitions.DefaultRepository.Text.Replace("defaultFeatures:",
        "  - name: f_double_age\n    source: derived\n    expression: user_age * 2\ndefaultFeatures:", StringComparison.Ordinal);

    /// <summary>Writes <paramref name="document"/> to a new file named <paramref name="name"/>; returns its path.</summary>
    public string Write(string name, string document)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, document);
        return path;
    }

    /// <summary>A path in the directory where no file is yet.</summary>
    public string PathOf(string name) => Path.Combine(directory.FullName, name);

    public void Dispose() => directory.Delete(recursive: true);
}
