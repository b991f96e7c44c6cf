using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Store;
using StackExchange.Redis;

namespace FeatureApi.Benchmarks;

/// <summary>
/// The honest baseline: what an engineer would write in thirty lines. One awaited HMGET per user (all of a batch's
/// lookups in flight at once with <c>Task.WhenAll</c>), the default set's formulas, records serialized by System.Text.Json.
/// </summary>
internal sealed class StraightforwardExtraction(IConnectionMultiplexer redis, FeatureRegistry registry)
{
    private readonly RedisValue[] fields = ReferenceAnswer.StoredFields(registry);

    public async Task<ExtractResponse> ExtractAsync(long userId, double currentValue)
    {
        var stored = await redis.GetDatabase().HashGetAsync(FeatureKeys.User(userId), fields);
        return ReferenceAnswer.Build(registry, userId, currentValue, stored);
    }

    public async Task<BatchExtractResponse> ExtractBatchAsync(IReadOnlyList<(long UserId, double CurrentValue)> requests) =>
        new(await Task.WhenAll(requests.Select(r => ExtractAsync(r.UserId, r.CurrentValue))));
}
