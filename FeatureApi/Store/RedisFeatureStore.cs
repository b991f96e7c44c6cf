using System.Globalization;
using FeatureApi.Features;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// The user hashes in Redis: the stateful half of the original design. Reads are sent without waiting so a whole
/// extract is one pipelined exchange; every write of a user's hash and the user index happens in one transaction.
/// </summary>
public sealed class RedisFeatureStore
{
    private readonly IConnectionMultiplexer redis;
    private readonly FeatureRegistry registry;
    private readonly TimeProvider time;
    private readonly RedisValue[] lookupFields;
    private readonly TimeSpan userTtl;

    public RedisFeatureStore(IConnectionMultiplexer redis, FeatureRegistry registry, TimeProvider time, IOptions<FeatureServingOptions> options)
    {
        userTtl = options.Value.UserTtl;
        this.redis = redis;
        this.registry = registry;
        this.time = time;
        // [value, written-at] per stored feature, in registry order: the reply is read by position, not by name.
        lookupFields = [.. registry.Stored.SelectMany(f => new RedisValue[] { f.Name, FeatureKeys.WrittenAtField(f.Name) })];
    }

    public IDatabase Database => redis.GetDatabase();

    /// <summary>Sends the read of one user's stored features, without waiting for the reply.</summary>
    public Task<RedisValue[]> QueueLookup(IDatabaseAsync commands, long userId) => commands.HashGetAsync(FeatureKeys.User(userId), lookupFields);

    /// <summary>
    /// Sends the read of one user's tiles of a live series, without waiting: one MGET, oldest tile first,
    /// the tile containing <paramref name="now"/> last.
    /// </summary>
    public Task<RedisValue[]> QueueLiveLookup(IDatabaseAsync commands, long userId, TileSeries series, DateTimeOffset now)
    {
        var current = series.TileIndex(now);
        var keys = new RedisKey[series.TilesRead];
        for (var t = 0; t < keys.Length; t++)
        {
            keys[t] = FeatureKeys.LiveTile(userId, series, current - keys.Length + 1 + t);
        }
        return commands.StringGetAsync(keys);
    }

    /// <summary>
    /// Copies a lookup reply into a row: found values and their write times, or defaults. Returns per stored feature
    /// whether it was found; the caller decides presence and staleness.
    /// </summary>
    public void ReadLookup(RedisValue[] reply, Span<double> row, Span<long> writtenAtMs)
    {
        var stored = registry.Stored;
        for (var i = 0; i < stored.Count; i++)
        {
            var feature = stored[i];
            // A missing field is a null reply, which RedisValue would otherwise parse as 0.
            if (!reply[2 * i].IsNull && reply[2 * i].TryParse(out double value) && double.IsFinite(value))
            {
                row[feature.Slot] = value;
                writtenAtMs[i] = !reply[2 * i + 1].IsNull && reply[2 * i + 1].TryParse(out long written) ? written : 0;
            }
            else
            {
                row[feature.Slot] = feature.Default;
                writtenAtMs[i] = -1;
            }
        }
    }

    /// <summary>Merges the given stored features into each user's hash; one transaction for all users.</summary>
    public async Task WriteAsync(IReadOnlyList<StoredFeatureValues> users)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var nowValue = (RedisValue)now;
        var transaction = Database.CreateTransaction();
        var index = new SortedSetEntry[users.Count];
        var pending = new List<Task>(users.Count + 1);

        for (var u = 0; u < users.Count; u++)
        {
            var user = users[u];
            var fields = new HashEntry[user.Values.Count * 2 + 1];
            for (var i = 0; i < user.Values.Count; i++)
            {
                var (name, value) = user.Values[i];
                fields[2 * i] = new HashEntry(name, FeatureKeys.Number(value));
                fields[2 * i + 1] = new HashEntry(FeatureKeys.WrittenAtField(name), nowValue);
            }
            fields[^1] = new HashEntry(FeatureKeys.UpdatedAtField, nowValue);
            pending.Add(transaction.HashSetAsync(FeatureKeys.User(user.UserId), fields));
            if (userTtl > TimeSpan.Zero)
            {
                // FeatureServing:UserTtl: a user not written for that long disappears (churned users).
                pending.Add(transaction.KeyExpireAsync(FeatureKeys.User(user.UserId), userTtl));
            }
            index[u] = new SortedSetEntry(FeatureKeys.IndexMember(user.UserId), 0);
        }
        pending.Add(transaction.SortedSetAddAsync(FeatureKeys.UserIndex, index));

        await StoreTransaction.CommitAsync(Database, transaction, pending, "feature write");
    }

    // Reads stop waiting when the caller goes away; Redis commands themselves cannot be cancelled once sent.
    public async Task<StoredUser?> GetAsync(long userId, CancellationToken cancellationToken)
    {
        var entries = await Database.HashGetAllAsync(FeatureKeys.User(userId)).WaitAsync(cancellationToken);
        if (entries.Length == 0)
        {
            return null;
        }

        var features = new Dictionary<string, double>(StringComparer.Ordinal);
        DateTimeOffset? updatedAt = null;
        foreach (var entry in entries)
        {
            var name = entry.Name.ToString();
            if (name == FeatureKeys.UpdatedAtField && entry.Value.TryParse(out long ms))
            {
                updatedAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
            else if (registry.TryGet(name, out var feature) && feature.Kind == FeatureKind.Stored && entry.Value.TryParse(out double value))
            {
                features[name] = value;
            }
        }
        return new StoredUser(userId, features, updatedAt);
    }

    /// <summary>Deletes the user's hash and index entry; false when there was nothing to delete.</summary>
    public async Task<bool> DeleteAsync(long userId)
    {
        var transaction = Database.CreateTransaction();
        var deleted = transaction.KeyDeleteAsync(FeatureKeys.User(userId));
        var unindexed = transaction.SortedSetRemoveAsync(FeatureKeys.UserIndex, FeatureKeys.IndexMember(userId));
        if (!await transaction.ExecuteAsync())
        {
            throw new RedisException("The store aborted the delete transaction.");
        }
        return await deleted | await unindexed;
    }

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        Database.SortedSetLengthAsync(FeatureKeys.UserIndex).WaitAsync(cancellationToken);

    /// <summary>Up to <paramref name="limit"/> user ids after <paramref name="afterUserId"/>, in ascending order.</summary>
    public async Task<UserPage> ListAsync(long afterUserId, int limit, CancellationToken cancellationToken)
    {
        var ids = await Database.SortedSetRangeByValueAsync(
            FeatureKeys.UserIndex, FeatureKeys.IndexMember(afterUserId), max: default, Exclude.Start, Order.Ascending, skip: 0, take: limit + 1)
            .WaitAsync(cancellationToken);

        var page = new List<long>(Math.Min(ids.Length, limit));
        for (var i = 0; i < ids.Length && i < limit; i++)
        {
            page.Add(long.Parse(ids[i].ToString(), CultureInfo.InvariantCulture));
        }
        var next = ids.Length > limit ? page[^1].ToString(CultureInfo.InvariantCulture) : null;
        return new UserPage(page, next);
    }
}
