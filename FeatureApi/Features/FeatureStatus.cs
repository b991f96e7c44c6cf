namespace FeatureApi.Features;

/// <summary>
/// How trustworthy a served value is, ordered from best to worst so a derived feature takes the worst of its inputs.
/// </summary>
public enum FeatureStatus : byte
{
    /// <summary>Every stored input was found (and is fresh, where a maximum age is configured).</summary>
    Present,
    /// <summary>A stored input is older than its feature's maximum age.</summary>
    Stale,
    /// <summary>A stored input was missing and its default was used.</summary>
    Default,
    /// <summary>The store failed or missed the deadline; defaults were used.</summary>
    Unavailable,
}

public static class FeatureStatusNames
{
    private static readonly string[] Names = ["present", "stale", "default", "unavailable"];

    public static string ToWireName(this FeatureStatus status) => Names[(int)status];

    public static FeatureStatus Worst(FeatureStatus a, FeatureStatus b) => a > b ? a : b;
}
