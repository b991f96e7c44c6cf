using FeatureApi.Features;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>One validated live event.</summary>
public readonly record struct LiveEvent(long UserId, EventStream Stream, double Value, DateTimeOffset Timestamp);

/// <summary>
/// Adds live events to their time tiles. Events that land in the same tile are combined first, then every tile
/// is updated in one transaction: atomic per tile (INCRBYFLOAT, INCRBY, a Lua max), all or nothing per request,
/// one round trip. Each tile expires when it leaves the longest window that reads it.
/// </summary>
public sealed class LiveEventWriter(IConnectionMultiplexer redis, FeatureRegistry registry, TimeProvider time)
{
    // Max has no native command: compare and set in one atomic script.
    private const string MaxScript = """
        local current = redis.call('GET', KEYS[1])
        if not current or tonumber(ARGV[1]) > tonumber(current) then
            redis.call('SET', KEYS[1], ARGV[1])
        end
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

        var transaction = redis.GetDatabase().CreateTransaction();
        var pending = new List<Task>(tiles.Count * 2);
        foreach (var ((userId, seriesIndex, tile), delta) in tiles)
        {
            var series = registry.TileSeries[seriesIndex];
            var key = FeatureKeys.LiveTile(userId, series, tile);
            pending.Add(series.Field switch
            {
                TileField.Count => transaction.StringIncrementAsync(key, delta.Count),
                TileField.Sum => transaction.StringIncrementAsync(key, delta.Sum),
                _ => transaction.ScriptEvaluateAsync(MaxScript, [key], [delta.Max]),
            });
            pending.Add(transaction.KeyExpireAsync(key, (series.TileStart(tile) + series.Retention).UtcDateTime));
        }

        if (!await transaction.ExecuteAsync())
        {
            throw new RedisException("The store aborted the live event transaction.");
        }
        await Task.WhenAll(pending);
    }

    private readonly record struct TileDelta(long Count, double Sum, double Max)
    {
        public static readonly TileDelta Empty = new(0, 0, double.NegativeInfinity);

        public TileDelta Add(double value) => new(Count + 1, Sum + value, Math.Max(Max, value));
    }
}
