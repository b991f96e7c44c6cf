using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>One section of the store's INFO reply as name → value.</summary>
internal static class StoreInfo
{
    /// <summary>
    /// INFO through Execute: the typed InfoAsync needs admin mode, which would also allow FLUSHALL.
    /// </summary>
    public static async Task<Dictionary<string, string>> ReadAsync(IDatabaseAsync database, string section) =>
        ((string?)await database.ExecuteAsync("INFO", section) ?? "")
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
