using System.Globalization;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// The commands of one write, grouped into transactions per hash slot: a Redis Cluster refuses a transaction whose keys
/// span slots (CROSSSLOT), and all transactions are sent pipelined in one round trip. A transaction holds at most
/// <see cref="MaxCommandsPerTransaction"/> commands: the store runs an EXEC without pausing, so a bulk write of
/// thousands of users would hold every other client (every extract) for milliseconds; in slices it holds them for a
/// fraction of one. Each caller's group of commands (a user's hash and its expiry) stays in one transaction.
/// </summary>
internal sealed class StoreTransaction(IConnectionMultiplexer redis, string what, string retryAdvice)
{
    /// <summary>The most commands one EXEC runs; about 0.1–0.3 ms of the store's time.</summary>
    public const int MaxCommandsPerTransaction = 128;

    /// <summary>How Redis begins the error of a write refused under <c>maxmemory</c> with <c>noeviction</c>.</summary>
    private const string OutOfMemoryError = "OOM command not allowed";

    private readonly IDatabase database = redis.GetDatabase();
    /// <summary>Each slot's open transaction, one of its keys (which tells the node that answers for the slot), and its commands so far.</summary>
    private readonly Dictionary<int, (RedisKey Key, ITransaction Transaction, int Commands)> open = [];
    private readonly List<(RedisKey Key, ITransaction Transaction)> all = [];

    /// <summary>Everything queued in the transactions or sent beside them, awaited by <see cref="CommitAsync"/>.</summary>
    public List<Task> Sent { get; } = [];

    /// <summary>
    /// The transaction of <paramref name="key"/>'s hash slot where the next <paramref name="commands"/> commands on that
    /// key are queued together; a new one when the slot's open transaction would grow past the bound.
    /// </summary>
    public ITransaction For(RedisKey key, int commands = 1)
    {
        var slot = redis.HashSlot(key);
        if (!open.TryGetValue(slot, out var queued) || queued.Commands + commands > MaxCommandsPerTransaction)
        {
            queued = (key, database.CreateTransaction(), 0);
            all.Add((key, queued.Transaction));
        }
        open[slot] = queued with { Commands = queued.Commands + commands };
        return queued.Transaction;
    }

    /// <summary>How many transactions the write is sent as.</summary>
    public int TransactionCount => all.Count;

    /// <summary>
    /// Executes every transaction, then awaits <see cref="Sent"/>. Redis discards a transaction whose queued write was
    /// refused for memory with a bare EXECABORT; the memory figures of the node that discarded it then tell whether
    /// that was the reason, so the client hears it. Any other failure may leave some slots written and others not: it
    /// is reported as a <see cref="StoreWriteIncompleteException"/> that says whether retrying the whole request is safe.
    /// </summary>
    public async Task CommitAsync()
    {
        var executions = new List<(RedisKey Key, Task<bool> Execution)>(all.Count);
        try
        {
            // EXEC first: when a transaction never reaches the store, its queued commands may never complete.
            foreach (var (key, transaction) in all)
            {
                executions.Add((key, transaction.ExecuteAsync()));
            }
            var committed = await Task.WhenAll(executions.Select(slot => slot.Execution));
            if (committed.Contains(false))
            {
                throw new RedisException($"The store aborted the {what} transaction.");
            }
            await Task.WhenAll(Sent);
        }
        catch (RedisServerException aborted) when (IsDiscarded(aborted))
        {
            var discarded = executions
                .Where(slot => slot.Execution.Exception?.InnerException is RedisServerException refused && IsDiscarded(refused))
                .Select(slot => slot.Key);
            if (await IsAnyFullAsync(discarded))
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

    private static bool IsDiscarded(RedisServerException exception) =>
        exception.Message.StartsWith("EXECABORT", StringComparison.Ordinal);

    /// <summary>
    /// Whether a node that discarded one of the transactions (given by a key of its slot) is at its memory bound. Each
    /// key's own node is asked: on a Redis Cluster one primary may be full while the others are not, and hearing
    /// another node would tell the client to retry a write that cannot succeed. On a single server every key names
    /// that server.
    /// </summary>
    private async Task<bool> IsAnyFullAsync(IEnumerable<RedisKey> discarded)
    {
        foreach (var key in discarded)
        {
            if (await IsFullAsync(key))
            {
                return true;
            }
        }
        return false;
    }

    private async Task<bool> IsFullAsync(RedisKey key)
    {
        try
        {
            var memory = await StoreInfo.ReadAsync(redis.GetServer(key), "memory");
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
