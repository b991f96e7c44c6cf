using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using StackExchange.Redis;

namespace FeatureApi.Benchmarks;

/// <summary>
/// The second half of both reference implementations: read the user's stored values, apply the default set's
/// formulas and build the answer as records of dictionaries for System.Text.Json, as most services would.
/// </summary>
internal static class ReferenceAnswer
{
    /// <summary>The fields one HMGET reads: every stored feature of the user, in registry order.</summary>
    public static RedisValue[] StoredFields(FeatureRegistry registry) => [.. registry.UserEntity!.Stored.Select(f => (RedisValue)f.Name)];

    /// <summary>The answer for one user from the stored values, one per stored feature in registry order (null: absent).</summary>
    public static ExtractResponse Build(FeatureRegistry registry, long userId, double currentValue, IReadOnlyList<RedisValue> stored)
    {
        var user = registry.UserEntity!;
        var row = new double[registry.All.Count];
        var status = new FeatureStatus[registry.All.Count];
        for (var i = 0; i < user.Stored.Count; i++)
        {
            var feature = user.Stored[i];
            var parsed = 0.0;
            var found = !stored[i].IsNull && stored[i].TryParse(out parsed);
            row[feature.Slot] = found ? parsed : feature.Default;
            status[feature.Slot] = found ? FeatureStatus.Present : FeatureStatus.Default;
        }
        row[registry.CurrentValue!.Slot] = currentValue;

        var features = new Dictionary<string, double>(StringComparer.Ordinal);
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var feature in registry.DefaultSet.Derived)
        {
            row[feature.Slot] = feature.Formula!(row);
            status[feature.Slot] = feature.Inputs.Select(i => status[i.Slot]).DefaultIfEmpty().Max();
        }
        foreach (var feature in registry.DefaultSet.Requested)
        {
            features[feature.Name] = row[feature.Slot];
            statuses[feature.Name] = status[feature.Slot].ToWireName();
        }
        return new ExtractResponse(userId, features, statuses, Degraded: false);
    }
}
