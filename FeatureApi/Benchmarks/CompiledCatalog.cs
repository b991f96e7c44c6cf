using FeatureApi.Definitions;
using FeatureApi.Features;

namespace FeatureApi.Benchmarks;

/// <summary>
/// The default repository with its four derived features computed by C# lambdas, as the seed's compiled catalog did
/// (FeatureCatalog.cs before definitions became data), instead of by its compiled expressions: the benchmark's
/// reference for what serving features from data costs. Same entities, slots and pipeline; only the formulas differ.
/// </summary>
public sealed class CompiledCatalog
{
    public CompiledCatalog()
    {
        var registry = RepositoryText.CompileValid(DefaultRepository.Text, version: 0);
        int Slot(string name) => registry[name].Slot;
        var (currentValue, last7dClicks, userAge, clicks24h) = (Slot("current_value"), Slot("last_7d_clicks"), Slot("user_age"), Slot("clicks_24h"));
        registry["f_normalized_value"].Formula = row => row[currentValue] / 100.0;
        registry["f_recency_score"].Formula = row => 1.0 / (row[last7dClicks] + 1.0);
        registry["f_age_value_ratio"].Formula = row => row[userAge] * row[currentValue];
        registry["f_click_trend"].Formula = row => row[clicks24h] / (row[last7dClicks] / 7.0 + 1.0);
        Registry = registry;
    }

    public FeatureRegistry Registry { get; }
}
