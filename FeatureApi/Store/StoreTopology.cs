using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>Whether the store is a Redis Cluster, as the multiplexer found it when it connected.</summary>
internal static class StoreTopology
{
    private static readonly RedisKey AnyKey = "fs:topology";

    /// <summary>The multiplexer computes hash slots only on a cluster; on a single server every key has none.</summary>
    public static bool IsCluster(IConnectionMultiplexer redis) => redis.HashSlot(AnyKey) >= 0;
}
