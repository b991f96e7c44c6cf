using FeatureApi.Definitions;
using FeatureApi.Features;
using FeatureApi.Store;
using StackExchange.Redis;

namespace FeatureAspire.Tests.Store;

/// <summary>The key layout the documentation describes, readable with redis-cli; the seed's user keys never moved.</summary>
public sealed class FeatureKeysTests
{
    private static readonly FeatureRegistry Registry = RepositoryText.CompileValid("""
        entities:
          - { name: user, key: int64 }
          - { name: item, key: string }
        streams:
          - { name: clicks, entity: user }
          - { name: views, entity: item }
        features:
          - { name: clicks_1h, source: live, stream: clicks, aggregation: sum, window: 1h, tile: 5m }
          - { name: clicks_24h, source: live, stream: clicks, aggregation: sum, window: 24h, tile: 1h }
          - { name: clicks_7d, source: live, stream: clicks, aggregation: sum, window: 7d, tile: 1d }
          - { name: views_1h, source: live, stream: views, aggregation: count, window: 1h, tile: 1m }
        """, version: 1);

    private static TileSeries Series(string stream, TimeSpan tileSize) =>
        Registry.TileSeries.Single(s => s.Stream.Name == stream && s.TileSize == tileSize);

    private static EntityDefinition User => Registry.FindEntity("user")!;

    [Fact]
    public void ATileKeyNamesUserStreamTileSizeIndexAndField()
    {
        Assert.Equal("fs:{u:101}:clicks:300s:5905123:sum",
            (string?)FeatureKeys.LiveTile(User, EntityKey.Of(101), Series("clicks", TimeSpan.FromMinutes(5)), 5_905_123));
        Assert.Equal("fs:{u:9223372036854775807}:clicks:86400s:20500:sum",
            (string?)FeatureKeys.LiveTile(User, EntityKey.Of(long.MaxValue), Series("clicks", TimeSpan.FromDays(1)), 20_500));
    }

    [Fact]
    public void ARunOfTilesIsConsecutiveIndexes()
    {
        var keys = new RedisKey[3];

        FeatureKeys.LiveTiles(User, EntityKey.Of(7), Series("clicks", TimeSpan.FromHours(1)), 99, keys);

        Assert.Equal(["fs:{u:7}:clicks:3600s:99:sum", "fs:{u:7}:clicks:3600s:100:sum", "fs:{u:7}:clicks:3600s:101:sum"],
            keys.Select(k => (string?)k));
    }

    [Fact]
    public void TheSeedsUserKeepsItsKeysAndOtherEntitiesNameThemselvesInTheirHashTag()
    {
        var item = Registry.FindEntity("item")!;

        Assert.Equal("fs:{u:101}", (string?)FeatureKeys.Entity(User, EntityKey.Of(101)));
        Assert.Equal("fs:users:{s5}", (string?)FeatureKeys.Index(User, EntityKey.Of(101)));
        Assert.Equal("fs:{item:sku-9}", (string?)FeatureKeys.Entity(item, EntityKey.Of("sku-9")));
        Assert.Equal("fs:{item:sku-9}:views:60s:42:count", (string?)FeatureKeys.LiveTile(item, EntityKey.Of("sku-9"), Series("views", TimeSpan.FromMinutes(1)), 42));
        Assert.Equal("fs:{item:sku-9}:event:e-1", (string?)FeatureKeys.EventId(item, EntityKey.Of("sku-9"), "e-1"));
        Assert.StartsWith("fs:index:item:{s", (string?)FeatureKeys.Index(item, EntityKey.Of("sku-9")), StringComparison.Ordinal);
    }

    [Fact]
    public void AStringKeysIndexShardIsTheSameInEveryProcess() =>
        // FNV-1a of "sku-9", not string.GetHashCode (randomized per process): a key must stay in its shard across restarts.
        Assert.Equal(FeatureKeys.ShardOf(EntityKey.Of("sku-9")), (int)(Fnv1a("sku-9") % FeatureKeys.IndexShards));

    private static uint Fnv1a(string text) => text.Aggregate(2166136261u, (hash, c) => (hash ^ c) * 16777619u);

    [Theory]
    [InlineData("sku-9", true)]
    [InlineData("v1.2", true)]
    [InlineData(".x", true)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("...", false)]
    [InlineData("", false)]
    [InlineData("sku 9", false)]
    public void AStringKeyIsValidOnlyWhereAUrlCanAddressIt(string key, bool valid) =>
        Assert.Equal(valid, EntityKey.Of(key).Problem(FeatureAspire.Client.EntityKeyType.String) is null);
}
