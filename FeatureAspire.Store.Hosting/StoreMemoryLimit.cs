using System.Text.RegularExpressions;

namespace FeatureAspire.Store.Hosting;

/// <summary>
/// The store's memory bound (<c>Store:MaxMemory</c>), in redis-server's notation. Writes past it are refused
/// (<c>noeviction</c>): an evicted user would silently turn its <c>present</c> features into defaults.
/// </summary>
public static partial class StoreMemoryLimit
{
    public const string ConfigurationKey = "Store:MaxMemory";
    public const string Default = "1gb";

    /// <summary>The value checked before it reaches a config file: digits and an optional b/k/kb/m/mb/g/gb unit.</summary>
    public static string Parse(string? value)
    {
        var limit = string.IsNullOrWhiteSpace(value) ? Default : value.Trim().ToLowerInvariant();
        return Notation().IsMatch(limit)
            ? limit
            : throw new InvalidOperationException($"{ConfigurationKey} is '{value}'; expected a size such as 1gb, 512mb or 100000000.");
    }

    [GeneratedRegex("^[0-9]+(b|k|kb|m|mb|g|gb)?$")]
    private static partial Regex Notation();
}
