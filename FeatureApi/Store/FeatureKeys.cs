using System.Globalization;
using FeatureApi.Features;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// The storage layout, readable with redis-cli: one hash per user under a hash-tagged key (<c>fs:{u:101}</c>, so a
/// user's keys stay on one Redis Cluster slot), numbers as plain decimal strings, and an index of user ids.
/// </summary>
public static class FeatureKeys
{
    /// <summary>
    /// How many shards the user index has. Fixed: a user's shard is chosen by id, so changing it would strand the
    /// existing entries. 16 spreads the index over every primary of a cluster of up to 16 and costs 16 small reads
    /// per count or page.
    /// </summary>
    public const int UserIndexShards = 16;

    /// <summary>
    /// The shard of the user index holding <paramref name="userId"/>: <c>fs:users:{s0}</c> … <c>fs:users:{s15}</c>,
    /// each its own hash tag so the shards spread over a cluster's slots. Members are zero-padded ids of one score,
    /// so lexicographic order is id order: paging stays exact for every 64-bit id, where scores (doubles) would lose
    /// ids above 2^53.
    /// </summary>
    public static RedisKey UserIndex(long userId) => UserIndexShard(UserIndexShardOf(userId));

    /// <summary>The shard number of <paramref name="userId"/>, 0 to <see cref="UserIndexShards"/> - 1.</summary>
    public static int UserIndexShardOf(long userId) => (int)((ulong)userId % UserIndexShards);

    public static RedisKey UserIndexShard(int shard) => UserIndexShardKeys[shard];

    private static readonly RedisKey[] UserIndexShardKeys =
        [.. Enumerable.Range(0, UserIndexShards).Select(shard => (RedisKey)string.Create(CultureInfo.InvariantCulture, $"fs:users:{{s{shard}}}"))];

    /// <summary>The hash field holding the time of the user's last write (Unix milliseconds).</summary>
    public const string UpdatedAtField = "updated_at";

    public static RedisKey User(long userId) => string.Create(CultureInfo.InvariantCulture, $"fs:{{u:{userId}}}");

    /// <summary>The hash field holding when a stored feature was last written (Unix milliseconds).</summary>
    public static string WrittenAtField(string feature) => "ts:" + feature;

    /// <summary>
    /// One time tile of a live aggregate, in the user's hash slot: <c>fs:{u:101}:clicks:60s:29412345:sum</c>
    /// (stream, tile size, tile index since the Unix epoch, field). A plain string that INCRBYFLOAT updates atomically
    /// and that expires when it leaves the longest window using it.
    /// </summary>
    public static RedisKey LiveTile(long userId, TileSeries series, long tileIndex)
    {
        Span<RedisKey> key = [default];
        LiveTiles(userId, series, tileIndex, key);
        return key[0];
    }

    /// <summary>
    /// The keys of <paramref name="keys"/>.Length consecutive tiles from <paramref name="firstTile"/> on. The part
    /// before the tile index is written once: an extract reads dozens of tiles, and formatting each whole key was a
    /// visible part of its CPU.
    /// </summary>
    public static void LiveTiles(long userId, TileSeries series, long firstTile, Span<RedisKey> keys)
    {
        // The fixed parts, three 20-digit numbers at most, and the stream's name (declared in code, never a request's).
        Span<char> key = stackalloc char[80 + series.Stream.Name.Length];
        var written = 0;
        Append(key, ref written, "fs:{u:");
        Append(key, ref written, userId);
        Append(key, ref written, "}:");
        Append(key, ref written, series.Stream.Name);
        Append(key, ref written, ":");
        Append(key, ref written, (long)series.TileSize.TotalSeconds);
        Append(key, ref written, "s:");
        var suffix = FieldSuffix(series.Field);
        for (var t = 0; t < keys.Length; t++)
        {
            var length = written;
            Append(key, ref length, firstTile + t);
            Append(key, ref length, suffix);
            keys[t] = new string(key[..length]);
        }
    }

    private static void Append(Span<char> key, ref int written, string part)
    {
        part.CopyTo(key[written..]);
        written += part.Length;
    }

    private static void Append(Span<char> key, ref int written, long number)
    {
        number.TryFormat(key[written..], out var length, provider: CultureInfo.InvariantCulture);
        written += length;
    }

    /// <summary>
    /// The marker of an accepted event id, in the user's hash slot: <c>fs:{u:101}:event:&lt;eventId&gt;</c>. It expires
    /// after FeatureServing:EventIdRetention; while it exists, the same id is not counted again.
    /// </summary>
    public static RedisKey EventId(long userId, string eventId) =>
        string.Create(CultureInfo.InvariantCulture, $"fs:{{u:{userId}}}:event:{eventId}");

    private static string FieldSuffix(TileField field) => field switch
    {
        TileField.Count => ":count",
        TileField.Sum => ":sum",
        _ => ":max",
    };

    public static RedisValue IndexMember(long userId) => userId.ToString("D19", CultureInfo.InvariantCulture);

    public static RedisValue Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
