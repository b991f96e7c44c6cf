namespace FeatureAspire.Store.Hosting;

/// <summary>What one store is started with.</summary>
/// <param name="Port">The loopback port it listens on.</param>
/// <param name="Credentials">The default user's and FeatureApi's passwords.</param>
/// <param name="MaxMemory">redis-server's memory bound (see <see cref="StoreMemoryLimit"/>); Garnet has no equivalent.</param>
/// <param name="ClusterNode">Whether this redis-server is one node of a Redis Cluster (see <see cref="RedisCluster"/>).</param>
public sealed record StoreLaunchSettings(int Port, StoreCredentials Credentials, string MaxMemory = StoreMemoryLimit.Default, bool ClusterNode = false);
