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

    public static readonly EventStream Clicks = new("clicks", "Click events, value 1 per click unless given.");

    // Tiles read per extract: 13 five-minute tiles for 1 h, 25 one-hour tiles for 24 h, 8 one-day tiles for 7 d: 46
    // keys in one round trip, each window exact to within one tile (8 %, 4 %, 14 % of its length). The hour window hops
    // by 5 minutes as Chronon's do: one-minute tiles (61 keys, 94 in all) made the live extract cost twice a plain one.
    public static readonly FeatureDefinition Clicks1h = FeatureDefinition.LiveAggregate(
        "clicks_1h", "Sum of click values in the last hour (five-minute tiles).",
        new LiveAggregate(Clicks, Aggregation.Sum, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)));

    public static readonly FeatureDefinition Clicks24h = FeatureDefinition.LiveAggregate(
        "clicks_24h", "Sum of click values in the last 24 hours (one-hour tiles).",
        new LiveAggregate(Clicks, Aggregation.Sum, TimeSpan.FromHours(24), TimeSpan.FromHours(1)));

    public static readonly FeatureDefinition Clicks7d = FeatureDefinition.LiveAggregate(
        "clicks_7d", "Sum of click values in the last 7 days (one-day tiles).",
        new LiveAggregate(Clicks, Aggregation.Sum, TimeSpan.FromDays(7), TimeSpan.FromDays(1)));

    public static readonly FeatureDefinition CurrentValue = FeatureDefinition.Request(
        FeatureRegistry.CurrentValueName, "The value of the item in the request (request body: currentValue).");

    public static readonly FeatureDefinition NormalizedValue = FeatureDefinition.Derived(
        "f_normalized_value", "current_value / 100.0", [CurrentValue],
        row => row[CurrentValue] / 100.0);

    public static readonly FeatureDefinition RecencyScore = FeatureDefinition.Derived(
        "f_recency_score", "1.0 / (last_7d_clicks + 1.0)", [Last7dClicks],
        row => 1.0 / (row[Last7dClicks] + 1.0));

    public static readonly FeatureDefinition AgeValueRatio = FeatureDefinition.Derived(
        "f_age_value_ratio", "user_age * current_value", [UserAge, CurrentValue],
        row => row[UserAge] * row[CurrentValue]);

    public static readonly FeatureDefinition ClickTrend = FeatureDefinition.Derived(
        "f_click_trend", "clicks_24h / (last_7d_clicks / 7.0 + 1.0): today's clicks against the batch daily average.",
        [Clicks24h, Last7dClicks],
        row => row[Clicks24h] / (row[Last7dClicks] / 7.0 + 1.0));

    public static FeatureRegistry Registry { get; } = new(
        [UserAge, Last7dClicks, Clicks1h, Clicks24h, Clicks7d, CurrentValue, NormalizedValue, RecencyScore, AgeValueRatio, ClickTrend],
        defaultFeatures: [NormalizedValue, RecencyScore, AgeValueRatio]);
}
