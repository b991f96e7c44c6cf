using System.Globalization;
using System.Text;

namespace FeatureApi.Definitions;

/// <summary>
/// Durations as a repository writes them: a whole number and a unit, in parts from the largest unit down
/// (<c>30s</c>, <c>5m</c>, <c>1h</c>, <c>7d</c>, <c>1h30m</c>); and back, in the same form.
/// </summary>
public static class DurationText
{
    private static readonly (char Unit, TimeSpan Length)[] Units =
        [('d', TimeSpan.FromDays(1)), ('h', TimeSpan.FromHours(1)), ('m', TimeSpan.FromMinutes(1)), ('s', TimeSpan.FromSeconds(1))];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return false;
        }
        var next = 0; // Units must come largest first, each at most once.
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == start || i == text.Length || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return false;
            }
            var unit = Array.FindIndex(Units, next, u => u.Unit == text[i]);
            if (unit < 0 || count > 100_000)
            {
                return false;
            }
            duration += Units[unit].Length * count;
            next = unit + 1;
            i++;
        }
        return true;
    }

    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }
        var text = new StringBuilder();
        foreach (var (unit, length) in Units)
        {
            var count = duration.Ticks / length.Ticks;
            if (count > 0)
            {
                text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                duration -= length * count;
            }
        }
        return text.ToString();
    }
}
