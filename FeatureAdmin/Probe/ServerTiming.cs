using System.Globalization;

namespace FeatureAdmin.Probe;

/// <summary>Reads the server's own processing time from a <c>Server-Timing</c> header such as <c>app;dur=0.42</c>.</summary>
public static class ServerTiming
{
    public const string HeaderName = "Server-Timing";
    public const string MetricName = "app";

    /// <summary>The <c>dur</c> of the <c>app</c> metric in milliseconds; false when absent or malformed.</summary>
    public static bool TryParseApp(string? header, out double milliseconds)
    {
        milliseconds = 0;
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }
        foreach (var metric in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = metric.Split(';', StringSplitOptions.TrimEntries);
            if (!parts[0].Equals(MetricName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var parameter in parts.AsSpan(1))
            {
                if (parameter.StartsWith("dur=", StringComparison.OrdinalIgnoreCase) &&
                    double.TryParse(parameter.AsSpan(4).Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) &&
                    double.IsFinite(value) && value >= 0)
                {
                    milliseconds = value;
                    return true;
                }
            }
        }
        return false;
    }
}
