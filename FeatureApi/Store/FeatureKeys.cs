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
    public static RedisKey LiveTile(long userId, TileSeries series, long tileIndex) =>
        string.Create(CultureInfo.InvariantCulture,
            $"fs:{{u:{userId}}}:{series.Stream.Name}:{(long)series.TileSize.TotalSeconds}s:{tileIndex}:{FieldName(series.Field)}");

    /// <summary>
    /// The marker of an accepted event id, in the user's hash slot: <c>fs:{u:101}:event:&lt;eventId&gt;</c>. It expires
    /// after FeatureServing:EventIdRetention; while it exists, the same id is not counted again.
    /// </summary>
    public static RedisKey EventId(long userId, string eventId) =>
        string.Create(CultureInfo.InvariantCulture, $"fs:{{u:{userId}}}:event:{eventId}");

    private static string FieldName(TileField field) => field switch
    {
        TileField.Count => "count",
        TileField.Sum => "sum",
        _ => "max",
    };

    public static RedisValue IndexMember(long userId) => userId.ToString("D19", CultureInfo.InvariantCulture);

    public static RedisValue Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
