namespace FeatureAspire.Store.Hosting;

/// <summary>
/// A temporary directory only its owner can enter (0700), for files that hold secrets (0600); deleted on dispose.
/// </summary>
public sealed class PrivateDirectory : IDisposable
{
    private PrivateDirectory(string path) => Path = path;

    public string Path { get; }

    /// <remarks>.NET creates temporary subdirectories with mode 0700 on Unix.</remarks>
    public static PrivateDirectory Create() => new(Directory.CreateTempSubdirectory("featureaspire-store-").FullName);

    /// <summary>Writes (or rewrites) a file readable and writable by its owner only; returns its full path.</summary>
    public string WriteSecretFile(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(content);
        }
        if (!OperatingSystem.IsWindows())
        {
            // The create mode only applies to a new file; a rewritten one keeps whatever mode it had.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
