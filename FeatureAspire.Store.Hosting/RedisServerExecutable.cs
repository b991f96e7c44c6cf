namespace FeatureAspire.Store.Hosting;

public static class RedisServerExecutable
{
    public const string Name = "redis-server";

    /// <summary>The full path of redis-server in a directory of PATH, or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, Name))
            .FirstOrDefault(File.Exists);
}
