using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>Whether the store is a Redis Cluster.</summary>
internal static class StoreTopology
{
    private static readonly RedisKey AnyKey = "fs:topology";

    /// <summary>
    /// As the multiplexer knows it now: it computes hash slots only on a cluster; on a single server, and before it has
    /// reached the store, every key has none. Fit for choices made again on every call (which replies to await).
    /// </summary>
    public static bool IsCluster(IConnectionMultiplexer redis) => redis.HashSlot(AnyKey) >= 0;

    /// <summary>
    /// As the store says it (INFO's <c>redis_mode</c>), or null when it does not answer: for a choice made once that
    /// every FeatureApi instance must share, which must not be guessed while the store is unreachable.
    /// </summary>
    public static async Task<bool?> AskIsClusterAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        try
        {
            var server = await StoreInfo.ReadAsync(redis.GetDatabase(), "server").WaitAsync(cancellationToken);
            return server.GetValueOrDefault("redis_mode") == "cluster";
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }
}
