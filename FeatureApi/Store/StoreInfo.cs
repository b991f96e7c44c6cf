using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>One section of the store's INFO reply as name → value.</summary>
internal static class StoreInfo
{
    /// <summary>
    /// INFO through Execute: the typed InfoAsync needs admin mode, which would also allow FLUSHALL.
    /// </summary>
    public static Task<Dictionary<string, string>> ReadAsync(IDatabaseAsync database, string section) =>
        ParseAsync(database.ExecuteAsync("INFO", section));

    /// <summary>
    /// INFO of one node: on a Redis Cluster each primary reports its own memory, which the database's INFO (sent to
    /// whichever node the multiplexer picks) does not.
    /// </summary>
    public static Task<Dictionary<string, string>> ReadAsync(IServer server, string section) =>
        ParseAsync(server.ExecuteAsync("INFO", section));

    private static async Task<Dictionary<string, string>> ParseAsync(Task<RedisResult> info) =>
        ((string?)await info ?? "")
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
