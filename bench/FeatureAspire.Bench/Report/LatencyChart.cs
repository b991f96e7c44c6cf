using System.Globalization;
using System.Text;
using FeatureAspire.Bench.Suite;

namespace FeatureAspire.Bench.Report;

/// <summary>
/// Latency by percentile as an SVG, HdrHistogram style: x is the percentile on a 1/(1-p) log scale so the tail gets
/// room, y is latency on a log scale so a 50 µs ceiling and a 50 ms naive batch fit on one chart.
/// </summary>
internal static class LatencyChart
{
    private const int Width = 960, Height = 560, Left = 70, Right = 250, Top = 40, Bottom = 50;
    private static readonly double[] Percentiles = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100];
    private static readonly string[] Colors =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a"];

    public static string Render(string title, IEnumerable<ScenarioResult> scenarios)
    {
        var series = scenarios.Where(s => s.Result is { Latency.TotalCount: > 0 }).ToList();
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        const double maxX = 4; // 99.99 %
        var values = series.SelectMany(s => Percentiles.Select(p => Value(s, p))).Where(v => v > 0).DefaultIfEmpty(1).ToArray();
        var minY = Math.Floor(Math.Log10(values.Min()));
        var maxY = Math.Ceiling(Math.Log10(values.Max()));
        if (maxY <= minY)
        {
            maxY = minY + 1;
        }

        double X(double percentile) => Left + Math.Min(maxX, Math.Log10(100 / Math.Max(100 - percentile, 0.01))) / maxX * plotWidth;
        double Y(double ms) => Top + plotHeight - (Math.Log10(ms) - minY) / (maxY - minY) * plotHeight;
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="sans-serif" font-size="12">""").AppendLine();
        svg.AppendLine($"""<rect width="{Width}" height="{Height}" fill="white"/>""");
        svg.AppendLine($"""<text x="{Left}" y="22" font-size="15" font-weight="bold">{Escape(title)}</text>""");

        foreach (var (label, percentile) in new[] { ("0%", 0.0), ("50%", 50), ("90%", 90), ("99%", 99), ("99.9%", 99.9), ("99.99%", 99.99) })
        {
            var x = N(X(percentile));
            svg.AppendLine($"""<line x1="{x}" y1="{Top}" x2="{x}" y2="{Top + plotHeight}" stroke="#ddd"/><text x="{x}" y="{Top + plotHeight + 18}" text-anchor="middle">{label}</text>""");
        }
        for (var decade = minY; decade <= maxY; decade++)
        {
            var ms = Math.Pow(10, decade);
            var y = N(Y(ms));
            svg.AppendLine($"""<line x1="{Left}" y1="{y}" x2="{Left + plotWidth}" y2="{y}" stroke="#ddd"/><text x="{Left - 6}" y="{y}" text-anchor="end" dy="4">{ms.ToString("0.####", CultureInfo.InvariantCulture)} ms</text>""");
        }
        svg.AppendLine($"""<text x="{Left + plotWidth / 2}" y="{Height - 10}" text-anchor="middle">percentile (max drawn at 99.99%)</text>""");
        svg.AppendLine($"""<rect x="{Left}" y="{Top}" width="{plotWidth}" height="{plotHeight}" fill="none" stroke="#888"/>""");

        for (var i = 0; i < series.Count; i++)
        {
            var color = Colors[i % Colors.Length];
            var points = string.Join(' ', Percentiles.Select(p => $"{N(X(p))},{N(Y(Math.Max(Value(series[i], p), Math.Pow(10, minY))))}"));
            svg.AppendLine($"""<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>""");
            var legendY = Top + 14 + i * 18;
            svg.AppendLine($"""<line x1="{Width - Right + 12}" y1="{legendY - 4}" x2="{Width - Right + 34}" y2="{legendY - 4}" stroke="{color}" stroke-width="3"/><text x="{Width - Right + 40}" y="{legendY}">{Escape(series[i].Id)}</text>""");
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static double Value(ScenarioResult s, double percentile) =>
        percentile >= 100 ? s.Result!.MaxMs : s.Result!.Latency.GetValueAtPercentile(Math.Max(percentile, 0.0001)) / 1e6;

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
