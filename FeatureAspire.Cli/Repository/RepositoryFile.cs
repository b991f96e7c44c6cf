using System.CommandLine;
using FeatureAspire.Client;

namespace FeatureAspire.Cli.Repository;

/// <summary>A repository document read from a file; its extension says whether it is YAML or JSON.</summary>
/// <param name="Path">The file as the command line named it.</param>
/// <param name="Text">The document.</param>
/// <param name="MediaType">The media type FeatureApi is told: <see cref="RepositoryMediaType.Yaml"/> or <see cref="RepositoryMediaType.Json"/>.</param>
internal sealed record RepositoryFile(string Path, string Text, string MediaType)
{
    /// <summary>The <c>file</c> argument of the commands that read a document.</summary>
    public static Argument<FileInfo> Argument() => new("file")
    {
        Description = "The repository document: YAML (.yaml, .yml) or JSON (.json)",
    };

    /// <exception cref="CommandLineError">The extension is neither YAML's nor JSON's, or the file cannot be read.</exception>
    public static async Task<RepositoryFile> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        var mediaType = file.Extension.ToLowerInvariant() switch
        {
            ".yaml" or ".yml" => RepositoryMediaType.Yaml,
            ".json" => RepositoryMediaType.Json,
            _ => throw new CommandLineError($"{file} is neither YAML (.yaml, .yml) nor JSON (.json): its extension says which the document is."),
        };
        try
        {
            return new RepositoryFile(file.ToString(), await File.ReadAllTextAsync(file.FullName, cancellationToken), mediaType);
        }
        catch (Exception failure) when (failure is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandLineError($"There is no file {file}.");
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineError($"Cannot read {file}: {failure.Message}");
        }
    }
}
