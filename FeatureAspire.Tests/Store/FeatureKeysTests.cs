using FeatureApi.Features;
using FeatureApi.Store;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Store;

/// <summary>The key layout the README documents, readable with redis-cli.</summary>
public sealed class FeatureKeysTests
{
    private static TileSeries Series(TimeSpan tileSize) =>
        FeatureCatalog.Registry.TileSeries.Single(s => s.Stream == FeatureCatalog.Clicks && s.TileSize == tileSize && s.Field == TileField.Sum);

    [Fact]
    public void ATileKeyNamesUserStreamTileSizeIndexAndField()
    {
        Assert.Equal("fs:{u:101}:clicks:300s:5905123:sum", (string?)FeatureKeys.LiveTile(101, Series(TimeSpan.FromMinutes(5)), 5_905_123));
        Assert.Equal("fs:{u:9223372036854775807}:clicks:86400s:20500:sum",
            (string?)FeatureKeys.LiveTile(long.MaxValue, Series(TimeSpan.FromDays(1)), 20_500));
    }

    [Fact]
    public void ARunOfTilesIsConsecutiveIndexes()
    {
        var series = Series(TimeSpan.FromHours(1));
        var keys = new RedisKey[3];

        FeatureKeys.LiveTiles(7, series, 99, keys);

        Assert.Equal(["fs:{u:7}:clicks:3600s:99:sum", "fs:{u:7}:clicks:3600s:100:sum", "fs:{u:7}:clicks:3600s:101:sum"],
            keys.Select(k => (string?)k));
    }
}
