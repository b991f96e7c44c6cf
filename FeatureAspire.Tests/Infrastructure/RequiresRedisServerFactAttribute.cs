namespace FeatureAspire.Tests.Infrastructure;

/// <summary>
/// A fact that needs redis-server on PATH; reported as skipped, with the reason, where it is missing.
/// CI installs redis-server, so nothing is skipped there.
/// </summary>
public sealed class RequiresRedisServerFactAttribute : FactAttribute
{
    public RequiresRedisServerFactAttribute()
    {
        Skip = StoreServer.Unavailable("redis");
    }
}
