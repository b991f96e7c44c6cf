using FeatureApi.Apis.Contracts;
using FeatureApi.Features;
using FeatureApi.Store;
using StackExchange.Redis;

namespace FeatureApi.Benchmarks;

/// <summary>
/// The straightforward version of the original design, kept only as the benchmark's baseline: await the lookup of
/// each stored feature (one HGET per feature, one round trip each), then compute the default features with the
/// catalog's own formulas, then build the answer as dictionaries.
/// </summary>
internal static class NaiveExtraction
{
    public static async Task<ExtractResponse> ExtractAsync(IDatabase database, FeatureRegistry registry, long userId, double currentValue)
    {
        var key = FeatureKeys.User(userId);
        var row = new double[registry.All.Count];
        var status = new FeatureStatus[registry.All.Count];

        foreach (var stored in registry.Stored)
        {
            var value = await database.HashGetAsync(key, stored.Name);
            var parsed = 0.0;
            var found = !value.IsNull && value.TryParse(out parsed);
            row[stored.Slot] = found ? parsed : stored.Default;
            status[stored.Slot] = found ? FeatureStatus.Present : FeatureStatus.Default;
        }
        row[registry.CurrentValue!.Slot] = currentValue;

        var features = new Dictionary<string, double>(StringComparer.Ordinal);
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var feature in registry.DefaultSet.Derived)
        {
            row[feature.Slot] = feature.Formula!(new FeatureRow(row));
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
