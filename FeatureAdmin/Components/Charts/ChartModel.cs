namespace FeatureAdmin.Components.Charts;

/// <summary>One series as charts.js draws it; <see cref="Colour"/> indexes the token palette (accent, warning, error, neutral hint).</summary>
public sealed record ChartTrace(
    string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y,
    string Type = "scatter", int Colour = 0, bool SecondaryAxis = false, bool Dashed = false, string? Unit = null);

/// <summary>A vertical marker line with a label, such as a percentile on a histogram.</summary>
public sealed record ChartMarker(double X, string Label, int Colour);

/// <summary>
/// Axis titles and options of one chart. With <see cref="XTickLabels"/> the x values are positions 0..n-1 and the labels
/// name them (used for log-spaced histogram buckets, which plotly's bars cannot size on a log axis).
/// </summary>
public sealed record ChartLayout(
    string XTitle, string YTitle, string? Y2Title = null, IReadOnlyList<string>? XTickLabels = null, IReadOnlyList<ChartMarker>? Markers = null);
