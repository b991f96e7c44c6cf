using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Cli;

/// <summary>
/// What the <c>featureaspire</c> test classes share: one redis-server for the class, a FeatureApi of each test's own on
/// it (applies change what every FeatureApi on the store serves), and a directory for the repository files it reads.
/// </summary>
public abstract class CliTests(RedisStoreFixture redis) : IClassFixture<RedisStoreFixture>, IDisposable
{
    protected RepositoryFiles Files { get; } = new();

    /// <summary>A FeatureApi on the emptied store, serving the default repository as version 1.</summary>
    protected Task<FeatureApiHost> FreshFeatureApiAsync() => redis.FreshFeatureApiAsync();

    public void Dispose()
    {
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}
