namespace FeatureApi.Features;

/// <summary>
/// Every feature FeatureApi serves, in one place. Adding a feature is one definition here (plus its test):
/// the registry, the store layout, the extract endpoint and <c>/api/features/definitions</c> all follow from it.
/// Definitions must come after their inputs.
/// </summary>
public static class FeatureCatalog
{
    public static readonly FeatureDefinition UserAge = FeatureDefinition.Stored(
        "user_age", FeatureValueType.Int, 30, "The user's age in years.");

    public static readonly FeatureDefinition Last7dClicks = FeatureDefinition.Stored(
        "last_7d_clicks", FeatureValueType.Double, 0.0, "Clicks in the last seven days, from the batch pipeline.");

    public static readonly FeatureDefinition CurrentValue = FeatureDefinition.Request(
        "current_value", "The value of the item in the request (request body: currentValue).");

    public static readonly FeatureDefinition NormalizedValue = FeatureDefinition.Derived(
        "f_normalized_value", "current_value / 100.0", [CurrentValue],
        row => row[CurrentValue] / 100.0);

    public static readonly FeatureDefinition RecencyScore = FeatureDefinition.Derived(
        "f_recency_score", "1.0 / (last_7d_clicks + 1.0)", [Last7dClicks],
        row => 1.0 / (row[Last7dClicks] + 1.0));

    public static readonly FeatureDefinition AgeValueRatio = FeatureDefinition.Derived(
        "f_age_value_ratio", "user_age * current_value", [UserAge, CurrentValue],
        row => row[UserAge] * row[CurrentValue]);

    public static FeatureRegistry Registry { get; } = new(
        [UserAge, Last7dClicks, CurrentValue, NormalizedValue, RecencyScore, AgeValueRatio],
        defaultFeatures: [NormalizedValue, RecencyScore, AgeValueRatio]);
}
