using FeatureApi.Features;
using StackExchange.Redis;

namespace FeatureApi.Pipeline;

/// <summary>
/// Merges a live feature's window from an instance's tiles: one reply holding every series read, each oldest tile first
/// and the current tile last, starting at its offset.
/// </summary>
internal static class LiveTiles
{
    public static (double Value, FeatureStatus Status) Merge(FeatureDefinition feature, RedisValue[]? tiles, int[] seriesOffset)
    {
        if (tiles is null)
        {
            return (feature.Default, FeatureStatus.Unavailable);
        }

        var live = feature.Live!;
        var values = Window(tiles, feature.Series[0], live, seriesOffset);
        switch (live.Aggregation)
        {
            case Aggregation.Count:
            case Aggregation.Sum:
                return (Sum(values), FeatureStatus.Present);
            case Aggregation.Max:
            case Aggregation.Min:
                var extreme = Extreme(values, live.Aggregation == Aggregation.Max);
                // No events in the window: there is no extreme, so the default stands in and says so.
                return double.IsFinite(extreme) ? (extreme, FeatureStatus.Present) : (feature.Default, FeatureStatus.Default);
            default:
                var n = Sum(Window(tiles, feature.Series[1], live, seriesOffset));
                // No events in the window: the average is undefined, so the default stands in and says so.
                return n > 0 ? (Sum(values) / n, FeatureStatus.Present) : (feature.Default, FeatureStatus.Default);
        }
    }

    /// <summary>The newest tiles of <paramref name="series"/> that the window covers; a series is read as far back as its longest window.</summary>
    private static ReadOnlySpan<RedisValue> Window(RedisValue[] tiles, TileSeries series, LiveAggregate live, int[] seriesOffset) =>
        tiles.AsSpan(seriesOffset[series.Index] + series.TilesRead - live.TilesRead, live.TilesRead);

    private static double Sum(ReadOnlySpan<RedisValue> tiles)
    {
        var sum = 0.0;
        foreach (var tile in tiles)
        {
            if (!tile.IsNull && tile.TryParse(out double value))
            {
                sum += value;
            }
        }
        return sum;
    }

    private static double Extreme(ReadOnlySpan<RedisValue> tiles, bool max)
    {
        var extreme = max ? double.NegativeInfinity : double.PositiveInfinity;
        foreach (var tile in tiles)
        {
            if (!tile.IsNull && tile.TryParse(out double value))
            {
                extreme = max ? Math.Max(extreme, value) : Math.Min(extreme, value);
            }
        }
        return extreme;
    }
}
