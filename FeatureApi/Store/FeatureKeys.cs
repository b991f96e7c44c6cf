using System.Globalization;
using FeatureApi.Features;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// The storage layout, readable with redis-cli. Every key of one entity instance shares a hash tag, so it stays on one
/// Redis Cluster slot: <c>fs:{u:101}</c> for the seed's users (their keys never moved), <c>fs:{item:sku-9}</c> for any
/// other entity. Numbers are plain decimal strings; each entity has an index of its keys in shards.
/// </summary>
public static class FeatureKeys
{
    /// <summary>
    /// How many shards an entity's index has. Fixed: a key's shard is chosen by the key, so changing it would strand the
    /// existing entries. 16 spreads an index over every primary of a cluster of up to 16 and costs 16 small reads per
    /// count or page.
    /// </summary>
    public const int IndexShards = 16;

    /// <summary>The hash field holding the time of the last write (Unix milliseconds).</summary>
    public const string UpdatedAtField = "updated_at";

    /// <summary>An entity instance's hash of stored features.</summary>
    public static RedisKey Entity(EntityDefinition entity, EntityKey key) => string.Create(CultureInfo.InvariantCulture, $"fs:{{{entity.KeyTag}:{key}}}");

    /// <summary>The seed's user hash, <c>fs:{u:101}</c>.</summary>
    public static RedisKey User(long userId) => string.Create(CultureInfo.InvariantCulture, $"fs:{{u:{userId}}}");

    /// <summary>
    /// The shard of <paramref name="entity"/>'s index holding <paramref name="key"/>: for the seed's users
    /// <c>fs:users:{s0}</c> … <c>fs:users:{s15}</c>, for others <c>fs:index:item:{s0}</c> …, each shard its own hash
    /// tag so the shards spread over a cluster's slots. Members are the keys, int64 keys zero-padded so lexicographic
    /// order is id order (scores, being doubles, would lose ids above 2^53).
    /// </summary>
    public static RedisKey Index(EntityDefinition entity, EntityKey key) => IndexShard(entity, ShardOf(key));

    public static RedisKey IndexShard(EntityDefinition entity, int shard) => entity.KeyTag == "u"
        ? UserIndexShardKeys[shard]
        : string.Create(CultureInfo.InvariantCulture, $"fs:index:{entity.Name}:{{s{shard}}}");

    /// <summary>The shard of a key, 0 to <see cref="IndexShards"/> - 1: an id modulo 16, a stable hash of a string key.</summary>
    public static int ShardOf(EntityKey key) => key.IsText ? (int)(Fnv1a(key.Text!) % IndexShards) : (int)((ulong)key.Number % IndexShards);

    /// <summary>FNV-1a over the key's characters (all ASCII): the same in every process, unlike string.GetHashCode.</summary>
    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }

    private static readonly RedisKey[] UserIndexShardKeys =
        [.. Enumerable.Range(0, IndexShards).Select(shard => (RedisKey)string.Create(CultureInfo.InvariantCulture, $"fs:users:{{s{shard}}}"))];

    public static RedisValue IndexMember(EntityKey key) => key.Text ?? key.Number.ToString("D19", CultureInfo.InvariantCulture);

    public static EntityKey FromIndexMember(EntityDefinition entity, RedisValue member) => entity.KeyType == EntityKeyType.Int64
        ? EntityKey.Of(long.Parse(member.ToString(), CultureInfo.InvariantCulture))
        : EntityKey.Of(member.ToString());

    /// <summary>The hash field holding when a stored feature was last written (Unix milliseconds).</summary>
    public static string WrittenAtField(string feature) => "ts:" + feature;

    /// <summary>
    /// One time tile of a live aggregate, in the instance's hash slot: <c>fs:{u:101}:clicks:300s:5882469:sum</c>
    /// (stream, tile size, tile index since the Unix epoch, field). A plain string that INCRBYFLOAT updates atomically
    /// and that expires when it leaves the longest window using it.
    /// </summary>
    public static RedisKey LiveTile(EntityDefinition entity, EntityKey key, TileSeries series, long tileIndex)
    {
        Span<RedisKey> one = [default];
        LiveTiles(entity, key, series, tileIndex, one);
        return one[0];
    }

    /// <summary>
    /// The keys of <paramref name="keys"/>.Length consecutive tiles from <paramref name="firstTile"/> on. The part
    /// before the tile index is written once: an extract reads dozens of tiles, and formatting each whole key was a
    /// visible part of its CPU.
    /// </summary>
    public static void LiveTiles(EntityDefinition entity, EntityKey key, TileSeries series, long firstTile, Span<RedisKey> keys)
    {
        // The fixed parts, three 20-digit numbers at most, and names validated short (a key, an entity, a stream).
        Span<char> text = stackalloc char[80 + entity.KeyTag.Length + (key.Text?.Length ?? 0) + series.Stream.Name.Length];
        var written = 0;
        Append(text, ref written, "fs:{");
        Append(text, ref written, entity.KeyTag);
        Append(text, ref written, ":");
        if (key.Text is { } keyText)
        {
            Append(text, ref written, keyText);
        }
        else
        {
            Append(text, ref written, key.Number);
        }
        Append(text, ref written, "}:");
        Append(text, ref written, series.Stream.Name);
        Append(text, ref written, ":");
        Append(text, ref written, (long)series.TileSize.TotalSeconds);
        Append(text, ref written, "s:");
        var suffix = FieldSuffix(series.Field);
        for (var t = 0; t < keys.Length; t++)
        {
            var length = written;
            Append(text, ref length, firstTile + t);
            Append(text, ref length, suffix);
            keys[t] = new string(text[..length]);
        }
    }

    private static void Append(Span<char> text, ref int written, string part)
    {
        part.CopyTo(text[written..]);
        written += part.Length;
    }

    private static void Append(Span<char> text, ref int written, long number)
    {
        number.TryFormat(text[written..], out var length, provider: CultureInfo.InvariantCulture);
        written += length;
    }

    /// <summary>
    /// The marker of an accepted event id, in the instance's hash slot: <c>fs:{u:101}:event:&lt;eventId&gt;</c>. It
    /// expires after FeatureServing:EventIdRetention; while it exists, the same id is not counted again.
    /// </summary>
    public static RedisKey EventId(EntityDefinition entity, EntityKey key, string eventId) =>
        string.Create(CultureInfo.InvariantCulture, $"fs:{{{entity.KeyTag}:{key}}}:event:{eventId}");

    private static string FieldSuffix(TileField field) => field switch
    {
        TileField.Count => ":count",
        TileField.Sum => ":sum",
        TileField.Min => ":min",
        _ => ":max",
    };

    public static RedisValue Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
