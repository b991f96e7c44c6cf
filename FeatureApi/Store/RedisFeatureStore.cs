using FeatureApi.Features;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// The entities' hashes in Redis: the stateful half of the original design. Reads are sent without waiting so a whole
/// extract is one pipelined exchange; writes of hashes and the sharded entity indexes are grouped into transactions
/// per hash slot, so they run on a Redis Cluster as on a single server. Which fields an entity has comes from the
/// registry version a request is served from (<see cref="EntityDefinition"/>). The store is one layer: every write and
/// delete drops the instances from every FeatureApi process's cache before it returns, so no caller can forget to.
/// </summary>
public sealed class RedisFeatureStore(IConnectionMultiplexer redis, CacheInvalidation invalidation, TimeProvider time,
    IOptions<FeatureServingOptions> options)
{
    private readonly TimeSpan entityTtl = options.Value.UserTtl;

    public IDatabase Database => redis.GetDatabase();

    /// <summary>Sends the read of one instance's stored features, without waiting for the reply.</summary>
    public Task<RedisValue[]> QueueLookup(IDatabaseAsync commands, EntityDefinition entity, EntityKey key) =>
        commands.HashGetAsync(FeatureKeys.Entity(entity, key), entity.LookupFields);

    /// <summary>
    /// Sends the read of one instance's live tiles, without waiting: one MGET over every series of
    /// <paramref name="live"/> in turn, each oldest tile first and the tile containing <paramref name="now"/> last.
    /// </summary>
    internal Task<RedisValue[]> QueueLiveLookup(IDatabaseAsync commands, LiveLookup live, EntityKey key, DateTimeOffset now)
    {
        var keys = new RedisKey[live.TilesPerRow];
        var k = 0;
        foreach (var series in live.Series)
        {
            FeatureKeys.LiveTiles(live.Entity, key, series, series.TileIndex(now) - series.TilesRead + 1, keys.AsSpan(k, series.TilesRead));
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
    /// (by its index among its entity's) whether it was found; the caller decides presence and staleness.
    /// </summary>
    public static void ReadLookup(EntityDefinition entity, RedisValue[] reply, Span<double> row, Span<long> writtenAtMs)
    {
        var stored = entity.Stored;
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
    /// Merges the given stored features into each instance's hash and adds the keys to the entity's index:
    /// transactions per hash slot, all sent at once. Writes are merges, so a write that failed part-way is safe to
    /// repeat whole.
    /// </summary>
    public async Task WriteAsync(EntityDefinition entity, IReadOnlyList<StoredFeatureValues> writes)
    {
        var nowValue = (RedisValue)time.GetUtcNow().ToUnixTimeMilliseconds();
        var write = new StoreTransaction(redis, "feature write", WriteRetryAdvice);
        var index = new Dictionary<RedisKey, List<SortedSetEntry>>();

        foreach (var instance in writes)
        {
            var fields = new HashEntry[instance.Values.Count * 2 + 1];
            for (var i = 0; i < instance.Values.Count; i++)
            {
                var (name, value) = instance.Values[i];
                fields[2 * i] = new HashEntry(name, FeatureKeys.Number(value));
                fields[2 * i + 1] = new HashEntry(FeatureKeys.WrittenAtField(name), nowValue);
            }
            fields[^1] = new HashEntry(FeatureKeys.UpdatedAtField, nowValue);
            var key = FeatureKeys.Entity(entity, instance.Key);
            var transaction = write.For(key, commands: entityTtl > TimeSpan.Zero ? 2 : 1);
            write.Sent.Add(transaction.HashSetAsync(key, fields));
            if (entityTtl > TimeSpan.Zero)
            {
                // FeatureServing:UserTtl: an instance not written for that long disappears (churned users).
                write.Sent.Add(transaction.KeyExpireAsync(key, entityTtl));
            }
            var shard = FeatureKeys.Index(entity, instance.Key);
            if (!index.TryGetValue(shard, out var members))
            {
                index[shard] = members = [];
            }
            members.Add(new SortedSetEntry(FeatureKeys.IndexMember(instance.Key), 0));
        }
        foreach (var (shard, members) in index)
        {
            foreach (var chunk in members.Chunk(StoreTransaction.MaxCommandsPerTransaction))
            {
                write.Sent.Add(write.For(shard).SortedSetAddAsync(shard, chunk));
            }
        }

        await write.CommitAsync();
        await invalidation.PublishAsync(entity, writes.Select(instance => instance.Key));
    }

    /// <summary>What the 503 of a failed write or delete tells the client.</summary>
    private const string WriteRetryAdvice = "Writes and deletes are idempotent: retrying the whole request is safe.";

    // Reads stop waiting when the caller goes away; Redis commands themselves cannot be cancelled once sent.
    public async Task<StoredEntity?> GetAsync(EntityDefinition entity, EntityKey key, CancellationToken cancellationToken)
    {
        var entries = await Database.HashGetAllAsync(FeatureKeys.Entity(entity, key)).WaitAsync(cancellationToken);
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
            else if (entity.Stored.Any(f => f.Name == name) && entry.Value.TryParse(out double value))
            {
                features[name] = value;
            }
        }
        return new StoredEntity(key, features, updatedAt);
    }

    /// <summary>Deletes the instance's hash and index entry; false when there was nothing to delete.</summary>
    public async Task<bool> DeleteAsync(EntityDefinition entity, EntityKey key)
    {
        var delete = new StoreTransaction(redis, "delete", WriteRetryAdvice);
        var (hash, shard) = (FeatureKeys.Entity(entity, key), FeatureKeys.Index(entity, key));
        var deleted = delete.For(hash).KeyDeleteAsync(hash);
        var unindexed = delete.For(shard).SortedSetRemoveAsync(shard, FeatureKeys.IndexMember(key));
        delete.Sent.Add(deleted);
        delete.Sent.Add(unindexed);
        await delete.CommitAsync();
        await invalidation.PublishAsync(entity, [key]);
        return await deleted | await unindexed;
    }

    /// <summary>The sum of the index shards' sizes, read in one pipelined exchange.</summary>
    public async Task<long> CountAsync(EntityDefinition entity, CancellationToken cancellationToken)
    {
        var database = Database;
        var sizes = await Task.WhenAll(Enumerable.Range(0, FeatureKeys.IndexShards)
            .Select(shard => database.SortedSetLengthAsync(FeatureKeys.IndexShard(entity, shard)))).WaitAsync(cancellationToken);
        return sizes.Sum();
    }

    /// <summary>
    /// Up to <paramref name="limit"/> keys after <paramref name="after"/> (or from the start), in ascending order: the
    /// next <paramref name="limit"/> + 1 members of every index shard (one pipelined exchange), merged. Any key of the
    /// page is among its shard's first <paramref name="limit"/>, so the merge is exact; the extra one tells whether more follow.
    /// </summary>
    public async Task<EntityPage> ListAsync(EntityDefinition entity, EntityKey? after, int limit, CancellationToken cancellationToken)
    {
        var database = Database;
        var from = after is { } start ? FeatureKeys.IndexMember(start) : default;
        var shards = await Task.WhenAll(Enumerable.Range(0, FeatureKeys.IndexShards)
            .Select(shard => database.SortedSetRangeByValueAsync(
                FeatureKeys.IndexShard(entity, shard), from, max: default, after is null ? Exclude.None : Exclude.Start, Order.Ascending, skip: 0, take: limit + 1)))
            .WaitAsync(cancellationToken);

        var members = shards.SelectMany(m => m).Select(m => m.ToString()).Order(StringComparer.Ordinal).Take(limit + 1).ToList();
        var page = members.Take(limit).Select(m => FeatureKeys.FromIndexMember(entity, m)).ToList();
        var next = members.Count > limit ? page[^1].ToString() : null;
        return new EntityPage(page, next);
    }
}
