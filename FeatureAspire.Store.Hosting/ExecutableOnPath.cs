namespace FeatureAspire.Store.Hosting;

public static class ExecutableOnPath
{
    /// <summary>The full path of the named executable in a directory of PATH, or null when none has it.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
