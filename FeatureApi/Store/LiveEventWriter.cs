using FeatureApi.Features;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>One validated live event.</summary>
public readonly record struct LiveEvent(long UserId, EventStream Stream, double Value, DateTimeOffset Timestamp);

/// <summary>
/// Adds live events to their time tiles. Events that land in the same tile are combined first, then every tile
/// is updated in one round trip: counts and sums in one transaction (INCRBY, INCRBYFLOAT: all or nothing per
/// request), maxima by an atomic script per tile. Each tile expires when it leaves the longest window that reads it.
/// </summary>
public sealed class LiveEventWriter(IConnectionMultiplexer redis, FeatureRegistry registry, TimeProvider time)
{
    // Max has no native command: compare, set and expire in one atomic script. Scripts run beside the transaction,
    // not in it: Garnet stalls on EVAL inside MULTI.
    private const string MaxScript = """
        local current = redis.call('GET', KEYS[1])
        if not current or tonumber(ARGV[1]) > tonumber(current) then
            redis.call('SET', KEYS[1], ARGV[1])
        end
        redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        return 1
        """;

    public async Task WriteAsync(IReadOnlyList<LiveEvent> events)
    {
        var now = time.GetUtcNow();
        var tiles = new Dictionary<(long UserId, int Series, long Tile), TileDelta>();
        foreach (var e in events)
        {
            foreach (var series in registry.TileSeries)
            {
                if (series.Stream != e.Stream)
                {
                    continue;
                }
                var tile = series.TileIndex(e.Timestamp);
                if (series.TileStart(tile) + series.Retention <= now)
                {
                    continue; // Already out of every window that reads this series.
                }
                var key = (e.UserId, series.Index, tile);
                tiles[key] = tiles.GetValueOrDefault(key, TileDelta.Empty).Add(e.Value);
            }
        }
        if (tiles.Count == 0)
        {
            return;
        }

        var database = redis.GetDatabase();
        var transaction = database.CreateTransaction();
        var pending = new List<Task>(tiles.Count * 2 + 1);
        foreach (var ((userId, seriesIndex, tile), delta) in tiles)
        {
            var series = registry.TileSeries[seriesIndex];
            var key = FeatureKeys.LiveTile(userId, series, tile);
            var expiresAt = series.TileStart(tile) + series.Retention;
            if (series.Field == TileField.Max)
            {
                pending.Add(database.ScriptEvaluateAsync(MaxScript, [key], [delta.Max, expiresAt.ToUnixTimeMilliseconds()]));
                continue;
            }
            pending.Add(series.Field == TileField.Count
                ? transaction.StringIncrementAsync(key, delta.Count)
                : transaction.StringIncrementAsync(key, delta.Sum));
            pending.Add(transaction.KeyExpireAsync(key, expiresAt.UtcDateTime));
        }

        var committed = transaction.ExecuteAsync();
        pending.Add(committed);
        await Task.WhenAll(pending);
        if (!await committed)
        {
            throw new RedisException("The store aborted the live event transaction.");
        }
    }

    private readonly record struct TileDelta(long Count, double Sum, double Max)
    {
        public static readonly TileDelta Empty = new(0, 0, double.NegativeInfinity);

        public TileDelta Add(double value) => new(Count + 1, Sum + value, Math.Max(Max, value));
    }
}
