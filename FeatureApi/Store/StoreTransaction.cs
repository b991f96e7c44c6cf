using System.Globalization;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>Commits a transaction and waits for everything sent with it, telling a full store from a failing one.</summary>
internal static class StoreTransaction
{
    /// <summary>How Redis begins the error of a write refused under <c>maxmemory</c> with <c>noeviction</c>.</summary>
    public const string OutOfMemoryError = "OOM command not allowed";

    /// <summary>
    /// Executes <paramref name="transaction"/>, then awaits <paramref name="sent"/> (its queued commands and anything
    /// pipelined beside it). Redis discards a transaction whose queued write was refused for memory with a bare
    /// EXECABORT; the store's memory figures then tell whether that was the reason, so the client hears it.
    /// </summary>
    public static async Task CommitAsync(IDatabaseAsync database, ITransaction transaction, List<Task> sent, string what)
    {
        // EXEC first: when the transaction never reaches the store, its queued commands may never complete.
        bool committed;
        try
        {
            committed = await transaction.ExecuteAsync();
        }
        catch (RedisServerException aborted) when (aborted.Message.StartsWith("EXECABORT", StringComparison.Ordinal))
        {
            if (await IsFullAsync(database))
            {
                throw new RedisServerException($"{OutOfMemoryError} when used memory > 'maxmemory': the store discarded the {what} transaction.");
            }
            throw;
        }
        if (!committed)
        {
            throw new RedisException($"The store aborted the {what} transaction.");
        }
        await Task.WhenAll(sent);
    }

    private static async Task<bool> IsFullAsync(IDatabaseAsync database)
    {
        try
        {
            var memory = await StoreInfo.ReadAsync(database, "memory");
            return memory.TryGetValue("maxmemory", out var max) && long.TryParse(max, CultureInfo.InvariantCulture, out var limit) && limit > 0
                && memory.TryGetValue("used_memory", out var used) && long.TryParse(used, CultureInfo.InvariantCulture, out var usage)
                && usage >= limit;
        }
        catch (RedisException)
        {
            return false;
        }
    }
}
