using FeatureApi.Features;
using StackExchange.Redis;

namespace FeatureApi.Pipeline;

/// <summary>Merges a live feature's window from the tiles read for it (oldest first, the current tile last).</summary>
internal static class LiveTiles
{
    public static (double Value, FeatureStatus Status) Merge(FeatureDefinition feature, RedisValue[]?[] replies, int liveAt, int[] seriesPosition)
    {
        var live = feature.Live!;
        var first = replies[liveAt + seriesPosition[feature.Series[0].Index]];
        if (first is null)
        {
            return (feature.Default, FeatureStatus.Unavailable);
        }

        switch (live.Aggregation)
        {
            case Aggregation.Count:
            case Aggregation.Sum:
                return (Sum(first, live.TilesRead), FeatureStatus.Present);
            case Aggregation.Max:
                var max = Max(first, live.TilesRead);
                return double.IsFinite(max) ? (max, FeatureStatus.Present) : (feature.Default, FeatureStatus.Present);
            default:
                var counts = replies[liveAt + seriesPosition[feature.Series[1].Index]];
                if (counts is null)
                {
                    return (feature.Default, FeatureStatus.Unavailable);
                }
                var n = Sum(counts, live.TilesRead);
                // No events in the window: the average is undefined, so the default stands in and says so.
                return n > 0 ? (Sum(first, live.TilesRead) / n, FeatureStatus.Present) : (feature.Default, FeatureStatus.Default);
        }
    }

    /// <summary>Sums the newest <paramref name="tiles"/> tiles; a series is read as far back as its longest window.</summary>
    private static double Sum(RedisValue[] series, int tiles)
    {
        var sum = 0.0;
        for (var t = Math.Max(0, series.Length - tiles); t < series.Length; t++)
        {
            if (!series[t].IsNull && series[t].TryParse(out double value))
            {
                sum += value;
            }
        }
        return sum;
    }

    private static double Max(RedisValue[] series, int tiles)
    {
        var max = double.NegativeInfinity;
        for (var t = Math.Max(0, series.Length - tiles); t < series.Length; t++)
        {
            if (!series[t].IsNull && series[t].TryParse(out double value))
            {
                max = Math.Max(max, value);
            }
        }
        return max;
    }
}
