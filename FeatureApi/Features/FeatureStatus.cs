namespace FeatureApi.Features;

/// <summary>
/// The wire names of <see cref="FeatureStatus"/> (the client's enum, ordered from best to worst), and the worse of two:
/// a derived feature takes the worst status of its inputs.
/// </summary>
public static class FeatureStatusNames
{
    private static readonly string[] Names = ["present", "stale", "default", "unavailable"];

    public static string ToWireName(this FeatureStatus status) => Names[(int)status];

    public static FeatureStatus Worst(FeatureStatus a, FeatureStatus b) => a > b ? a : b;
}
