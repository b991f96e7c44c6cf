using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using StackExchange.Redis;

namespace FeatureApi.Benchmarks;

/// <summary>
/// The second half of the reference implementations: read an instance's stored values, apply the set's formulas and
/// build the answer as dictionaries for System.Text.Json, as most services would.
/// </summary>
internal static class ReferenceAnswer
{
    /// <summary>The fields one HMGET reads: every stored feature of the user, in registry order.</summary>
    public static RedisValue[] StoredFields(FeatureRegistry registry) => StoredFields(registry.UserEntity!);

    /// <summary>The fields one HMGET of an instance of <paramref name="entity"/> reads: its stored features, in registry order.</summary>
    public static RedisValue[] StoredFields(EntityDefinition entity) => [.. entity.Stored.Select(f => (RedisValue)f.Name)];

    /// <summary>The answer for one user from the stored values, one per stored feature in registry order (null: absent).</summary>
    public static ExtractResponse Build(FeatureRegistry registry, long userId, double currentValue, IReadOnlyList<RedisValue> stored)
    {
        var row = new double[registry.All.Count];
        var status = new FeatureStatus[registry.All.Count];
        Fill(registry.UserEntity!, stored, row, status);
        row[registry.CurrentValue!.Slot] = currentValue;
        var (features, statuses) = Compute(registry.DefaultSet, row, status);
        return new ExtractResponse(userId, features, statuses, Degraded: false);
    }

    /// <summary>Puts an instance's stored values (as <see cref="StoredFields(EntityDefinition)"/> read them) in the row, or their defaults.</summary>
    public static void Fill(EntityDefinition entity, IReadOnlyList<RedisValue> stored, double[] row, FeatureStatus[] status)
    {
        for (var i = 0; i < entity.Stored.Count; i++)
        {
            var feature = entity.Stored[i];
            var parsed = 0.0;
            var found = !stored[i].IsNull && stored[i].TryParse(out parsed);
            row[feature.Slot] = found ? parsed : feature.Default;
            status[feature.Slot] = found ? FeatureStatus.Present : FeatureStatus.Default;
        }
    }

    /// <summary>Computes the set's derived features on a filled row and returns the requested ones by name, with their statuses.</summary>
    public static (Dictionary<string, double> Features, Dictionary<string, string> Statuses) Compute(FeatureSet set, double[] row, FeatureStatus[] status)
    {
        foreach (var feature in set.Derived)
        {
            var value = feature.Formula!(row);
            // JSON has no Infinity or NaN: the contract serves the default instead.
            row[feature.Slot] = double.IsFinite(value) ? value : feature.Default;
            status[feature.Slot] = double.IsFinite(value) ? feature.Inputs.Select(i => status[i.Slot]).DefaultIfEmpty().Max() : FeatureStatus.Default;
        }
        var features = new Dictionary<string, double>(StringComparer.Ordinal);
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var feature in set.Requested)
        {
            features[feature.Name] = row[feature.Slot];
            statuses[feature.Name] = status[feature.Slot].ToWireName();
        }
        return (features, statuses);
    }
}
