namespace FeatureAspire.Store.Hosting;

public static class RedisServerExecutable
{
    public const string Name = "redis-server";

    /// <summary>The full path of redis-server in a directory of PATH, or null.</summary>
    public static string? Find() => ExecutableOnPath.Find(Name);
}
