using System.Globalization;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// The commands of one write, grouped into one transaction per hash slot: a Redis Cluster refuses a transaction whose
/// keys span slots (CROSSSLOT), so each slot's commands are applied whole and all transactions are sent pipelined in
/// one round trip. On a single server every key reports the same slot, so a write stays one transaction there.
/// </summary>
internal sealed class StoreTransaction(IConnectionMultiplexer redis, string what, string retryAdvice)
{
    /// <summary>How Redis begins the error of a write refused under <c>maxmemory</c> with <c>noeviction</c>.</summary>
    private const string OutOfMemoryError = "OOM command not allowed";

    private readonly IDatabase database = redis.GetDatabase();
    private readonly Dictionary<int, ITransaction> bySlot = [];

    /// <summary>Everything queued in the transactions or sent beside them, awaited by <see cref="CommitAsync"/>.</summary>
    public List<Task> Sent { get; } = [];

    /// <summary>The transaction of <paramref name="key"/>'s hash slot, where commands on that key are queued.</summary>
    public ITransaction For(RedisKey key)
    {
        var slot = redis.HashSlot(key);
        if (!bySlot.TryGetValue(slot, out var transaction))
        {
            bySlot[slot] = transaction = database.CreateTransaction();
        }
        return transaction;
    }

    /// <summary>
    /// Executes every transaction, then awaits <see cref="Sent"/>. Redis discards a transaction whose queued write was
    /// refused for memory with a bare EXECABORT; the store's memory figures then tell whether that was the reason, so
    /// the client hears it. Any other failure may leave some slots written and others not: it is reported as a
    /// <see cref="StoreWriteIncompleteException"/> that says whether retrying the whole request is safe.
    /// </summary>
    public async Task CommitAsync()
    {
        try
        {
            // EXEC first: when a transaction never reaches the store, its queued commands may never complete.
            var committed = await Task.WhenAll(bySlot.Values.Select(transaction => transaction.ExecuteAsync()));
            if (committed.Contains(false))
            {
                throw new RedisException($"The store aborted the {what} transaction.");
            }
            await Task.WhenAll(Sent);
        }
        catch (RedisServerException aborted) when (aborted.Message.StartsWith("EXECABORT", StringComparison.Ordinal))
        {
            if (await IsFullAsync())
            {
                throw new RedisServerException($"{OutOfMemoryError} when used memory > 'maxmemory': the store discarded the {what} transaction.");
            }
            throw new StoreWriteIncompleteException(what, retryAdvice, aborted);
        }
        catch (RedisServerException refused) when (IsOutOfMemory(refused))
        {
            throw;
        }
        catch (Exception failed) when (failed is RedisException or TimeoutException)
        {
            throw new StoreWriteIncompleteException(what, retryAdvice, failed);
        }
    }

    /// <summary>
    /// Redis answers "OOM command not allowed when used memory &gt; 'maxmemory'" under <c>noeviction</c> (inside a
    /// script with the script's name appended; for a discarded transaction <see cref="CommitAsync"/> says so).
    /// </summary>
    public static bool IsOutOfMemory(RedisServerException exception) =>
        exception.Message.StartsWith(OutOfMemoryError, StringComparison.Ordinal);

    private async Task<bool> IsFullAsync()
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
