using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Store;
using StackExchange.Redis;

namespace FeatureApi.Benchmarks;

/// <summary>
/// The original design, serially, kept as the article's baseline: await the lookup of each stored feature (one HGET
/// per feature, one round trip each), then compute the default features with the catalog's own formulas.
/// </summary>
public sealed class NaiveExtraction(IConnectionMultiplexer redis)
{
    public async Task<ExtractResponse> ExtractAsync(FeatureRegistry registry, long userId, double currentValue)
    {
        var database = redis.GetDatabase();
        var key = FeatureKeys.User(userId);
        var user = registry.UserEntity!;
        var stored = new RedisValue[user.Stored.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = await database.HashGetAsync(key, user.Stored[i].Name);
        }
        return ReferenceAnswer.Build(registry, userId, currentValue, stored);
    }
}
