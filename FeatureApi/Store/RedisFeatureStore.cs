using System.Globalization;
using FeatureApi.Features;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// The user hashes in Redis: the stateful half of the original design. Reads are sent without waiting so a whole
/// extract is one pipelined exchange; writes of users' hashes and the sharded user index are grouped into one
/// transaction per hash slot, so they run on a Redis Cluster as on a single server.
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
    /// Sends the read of one user's live tiles, without waiting: one MGET over every series of
    /// <paramref name="features"/> in turn, each oldest tile first and the tile containing <paramref name="now"/> last.
    /// </summary>
    public Task<RedisValue[]> QueueLiveLookup(IDatabaseAsync commands, long userId, FeatureSet features, DateTimeOffset now)
    {
        var keys = new RedisKey[features.LiveTilesPerUser];
        var k = 0;
        foreach (var series in features.LiveSeries)
        {
            FeatureKeys.LiveTiles(userId, series, series.TileIndex(now) - series.TilesRead + 1, keys.AsSpan(k, series.TilesRead));
            k += series.TilesRead;
        }
        return commands.StringGetAsync(keys);
    }

    /// <summary>
    /// What to await for every reply of <paramref name="count"/> queued lookups to be in. One connection answers in
    /// order, so the <paramref name="last"/> one suffices; a cluster's nodes answer on their own connections, each in
    /// order, so there every lookup is awaited.
    /// </summary>
    public Task AllReplies(Task<RedisValue[]> last, Task<RedisValue[]>?[] pending, int count)
    {
        if (!StoreTopology.IsCluster(redis))
        {
            return last;
        }
        var sent = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            if (pending[i] is { IsCompleted: false } reply)
            {
                sent.Add(reply);
            }
        }
        return Task.WhenAll(sent);
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

    /// <summary>
    /// Merges the given stored features into each user's hash and adds the users to the index: one transaction per
    /// hash slot, all sent at once. Writes are merges, so a write that failed part-way is safe to repeat whole.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<StoredFeatureValues> users)
    {
        var nowValue = (RedisValue)time.GetUtcNow().ToUnixTimeMilliseconds();
        var write = new StoreTransaction(redis, "feature write", WriteRetryAdvice);
        var index = new Dictionary<RedisKey, List<SortedSetEntry>>();

        foreach (var user in users)
        {
            var fields = new HashEntry[user.Values.Count * 2 + 1];
            for (var i = 0; i < user.Values.Count; i++)
            {
                var (name, value) = user.Values[i];
                fields[2 * i] = new HashEntry(name, FeatureKeys.Number(value));
                fields[2 * i + 1] = new HashEntry(FeatureKeys.WrittenAtField(name), nowValue);
            }
            fields[^1] = new HashEntry(FeatureKeys.UpdatedAtField, nowValue);
            var key = FeatureKeys.User(user.UserId);
            var transaction = write.For(key, commands: userTtl > TimeSpan.Zero ? 2 : 1);
            write.Sent.Add(transaction.HashSetAsync(key, fields));
            if (userTtl > TimeSpan.Zero)
            {
                // FeatureServing:UserTtl: a user not written for that long disappears (churned users).
                write.Sent.Add(transaction.KeyExpireAsync(key, userTtl));
            }
            var shard = FeatureKeys.UserIndex(user.UserId);
            if (!index.TryGetValue(shard, out var members))
            {
                index[shard] = members = [];
            }
            members.Add(new SortedSetEntry(FeatureKeys.IndexMember(user.UserId), 0));
        }
        foreach (var (shard, members) in index)
        {
            write.Sent.Add(write.For(shard).SortedSetAddAsync(shard, [.. members]));
        }

        await write.CommitAsync();
    }

    /// <summary>What the 503 of a failed write or delete tells the client.</summary>
    private const string WriteRetryAdvice = "Writes and deletes are idempotent: retrying the whole request is safe.";

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
        var delete = new StoreTransaction(redis, "delete", WriteRetryAdvice);
        var (user, shard) = (FeatureKeys.User(userId), FeatureKeys.UserIndex(userId));
        var deleted = delete.For(user).KeyDeleteAsync(user);
        var unindexed = delete.For(shard).SortedSetRemoveAsync(shard, FeatureKeys.IndexMember(userId));
        delete.Sent.Add(deleted);
        delete.Sent.Add(unindexed);
        await delete.CommitAsync();
        return await deleted | await unindexed;
    }

    /// <summary>The sum of the index shards' sizes, read in one pipelined exchange.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var database = Database;
        var sizes = await Task.WhenAll(Enumerable.Range(0, FeatureKeys.UserIndexShards)
            .Select(shard => database.SortedSetLengthAsync(FeatureKeys.UserIndexShard(shard)))).WaitAsync(cancellationToken);
        return sizes.Sum();
    }

    /// <summary>
    /// Up to <paramref name="limit"/> user ids after <paramref name="afterUserId"/>, in ascending order: the next
    /// <paramref name="limit"/> + 1 ids of every index shard (one pipelined exchange), merged. Any id of the page is
    /// among its shard's first <paramref name="limit"/>, so the merge is exact; the extra one tells whether more follow.
    /// </summary>
    public async Task<UserPage> ListAsync(long afterUserId, int limit, CancellationToken cancellationToken)
    {
        var database = Database;
        var after = FeatureKeys.IndexMember(afterUserId);
        var shards = await Task.WhenAll(Enumerable.Range(0, FeatureKeys.UserIndexShards)
            .Select(shard => database.SortedSetRangeByValueAsync(
                FeatureKeys.UserIndexShard(shard), after, max: default, Exclude.Start, Order.Ascending, skip: 0, take: limit + 1)))
            .WaitAsync(cancellationToken);

        var ids = shards.SelectMany(members => members)
            .Select(member => long.Parse(member.ToString(), CultureInfo.InvariantCulture))
            .Order()
            .Take(limit + 1)
            .ToList();
        var page = ids.Count > limit ? ids[..limit] : ids;
        var next = ids.Count > limit ? page[^1].ToString(CultureInfo.InvariantCulture) : null;
        return new UserPage(page, next);
    }
}
