using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Repositories;

namespace FeatureAspire.Bench.Suite;

/// <summary>
/// What a bulk seeding writes, a thousand instances a call: the seed's users, or the items of the two-entity
/// repository; and where FeatureApi counts them afterwards.
/// </summary>
internal sealed record SeededEntity(string Plural, string WritePath, string CountPath, Func<FeatureRequests, long, int, byte[]> BulkWrite)
{
    public static SeededEntity Users { get; } = new("users", FeatureRequests.SeedPath, "/api/users/count", (requests, first, count) => requests.SeedUsers(first, count));

    public static SeededEntity Items { get; } = new("items", FeatureRequests.ItemSeedPath, $"/api/entities/{BenchRepositories.ItemEntity}/count", (requests, first, count) => requests.SeedItems(first, count));
}
