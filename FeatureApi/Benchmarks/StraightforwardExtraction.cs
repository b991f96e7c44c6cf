using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Store;
using StackExchange.Redis;

namespace FeatureApi.Benchmarks;

/// <summary>
/// The honest baseline: what an engineer would write in thirty lines. One awaited HMGET per user (all of a batch's
/// lookups in flight at once with <c>Task.WhenAll</c>), the default set's formulas, records serialized by System.Text.Json.
/// </summary>
public sealed class StraightforwardExtraction(IConnectionMultiplexer redis)
{
    public async Task<ExtractResponse> ExtractAsync(FeatureRegistry registry, long userId, double currentValue)
    {
        var stored = await redis.GetDatabase().HashGetAsync(FeatureKeys.User(userId), ReferenceAnswer.StoredFields(registry));
        return ReferenceAnswer.Build(registry, userId, currentValue, stored);
    }

    public async Task<BatchExtractResponse> ExtractBatchAsync(FeatureRegistry registry, IReadOnlyList<(long UserId, double CurrentValue)> requests) =>
        new(await Task.WhenAll(requests.Select(r => ExtractAsync(registry, r.UserId, r.CurrentValue))));
}
