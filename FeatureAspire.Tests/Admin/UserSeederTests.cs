using FeatureAdmin.Seeding;
using FeatureAspire.Client;

namespace FeatureAspire.Tests.Admin;

public sealed class UserSeederTests
{
    private static SeedSettings Settings(int count = 2_500, int seed = 42) => new()
    {
        Count = count,
        FirstUserId = 101,
        RandomSeed = seed,
        ChunkSize = 1_000,
        Ranges = [FeatureRange.For("user_age", FeatureValueType.Int), new FeatureRange("last_7d_clicks", 5, 10, false)],
    };

    [Fact]
    public void ChunksCoverTheIdsContiguouslyAndTheLastIsPartial()
    {
        var settings = Settings();

        var users = Enumerable.Range(0, 3).SelectMany(chunk => UserSeeder.Chunk(settings, chunk)).ToList();

        Assert.Equal(2_500, users.Count);
        Assert.Equal(Enumerable.Range(101, 2_500).Select(i => (long)i), users.Select(u => u.UserId));
        Assert.Equal(500, UserSeeder.Chunk(settings, 2).Count);
    }

    [Fact]
    public void ValuesStayInTheirRangesAndWholeNumberFeaturesAreWhole()
    {
        var users = UserSeeder.Chunk(Settings(), 0);

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
        var first = UserSeeder.Chunk(Settings(seed: 1), 1);
        var again = UserSeeder.Chunk(Settings(seed: 1), 1);
        var other = UserSeeder.Chunk(Settings(seed: 2), 1);

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
}
