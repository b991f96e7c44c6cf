using FeatureAdmin.Seeding;
using FeatureAspire.Client;

namespace FeatureAspire.Tests.Admin;

public sealed class EntitySeederTests
{
    private static SeedSettings Settings(int count = 2_500, int seed = 42) => new()
    {
        Count = count,
        FirstKey = 101,
        RandomSeed = seed,
        ChunkSize = 1_000,
        Ranges = [FeatureRange.For("user_age", FeatureValueType.Int), new FeatureRange("last_7d_clicks", 5, 10, false)],
    };

    [Fact]
    public void ChunksCoverTheIdsContiguouslyAndTheLastIsPartial()
    {
        var settings = Settings();

        var users = Enumerable.Range(0, 3).SelectMany(chunk => EntitySeeder.Chunk(settings, chunk)).ToList();

        Assert.Equal(2_500, users.Count);
        Assert.Equal(Enumerable.Range(101, 2_500).Select(i => new EntityKey(i)), users.Select(u => u.Key));
        Assert.Equal(500, EntitySeeder.Chunk(settings, 2).Count);
    }

    [Fact]
    public void AStringEntityGetsItsKeysAfterThePrefix()
    {
        var settings = Settings(count: 3);
        settings.Entity = "item";
        settings.KeyType = EntityKeyType.String;
        settings.KeyPrefix = "sku-";

        var items = EntitySeeder.Chunk(settings, 0);

        Assert.Equal(["sku-101", "sku-102", "sku-103"], items.Select(item => item.Key.Text));
    }

    [Fact]
    public void ValuesStayInTheirRangesAndWholeNumberFeaturesAreWhole()
    {
        var users = EntitySeeder.Chunk(Settings(), 0);

        Assert.All(users, user =>
        {
            Assert.InRange(user.Features["user_age"], 18, 80);
            Assert.Equal(Math.Round(user.Features["user_age"]), user.Features["user_age"]);
            Assert.InRange(user.Features["last_7d_clicks"], 5, 10);
        });
        Assert.True(users.Select(u => u.Features["last_7d_clicks"]).Distinct().Count() > 100, "values should vary");
    }

    [Fact]
    public void TheSameSeedWritesTheSameUsersAndAnotherSeedDoesNot()
    {
        var first = EntitySeeder.Chunk(Settings(seed: 1), 1);
        var again = EntitySeeder.Chunk(Settings(seed: 1), 1);
        var other = EntitySeeder.Chunk(Settings(seed: 2), 1);

        Assert.Equal(first.Select(u => u.Features["last_7d_clicks"]), again.Select(u => u.Features["last_7d_clicks"]));
        Assert.NotEqual(first.Select(u => u.Features["last_7d_clicks"]), other.Select(u => u.Features["last_7d_clicks"]));
    }

    [Fact]
    public void InvertedRangesAreRefused()
    {
        var settings = Settings();
        settings.Ranges[1].Min = 11;

        Assert.Contains(settings.Validate(), p => p.Contains("last_7d_clicks", StringComparison.Ordinal));
    }

    [Fact]
    public void ABoolFeatureIsSeededWithZeroOrOne()
    {
        var range = FeatureRange.For("in_stock", FeatureValueType.Bool);

        Assert.Equal((0, 1, true), (range.Min, range.Max, range.WholeNumbers));
    }
}
