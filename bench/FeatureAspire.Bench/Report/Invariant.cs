using System.Globalization;

namespace FeatureAspire.Bench.Report;

/// <summary>Report text is culture-independent: numbers read the same on every machine that runs the bench.</summary>
internal static class Invariant
{
    /// <summary>An interpolated string formatted with the invariant culture.</summary>
    public static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
