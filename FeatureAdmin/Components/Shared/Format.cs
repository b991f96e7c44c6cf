using System.Globalization;

namespace FeatureAdmin.Components.Shared;

/// <summary>How the admin writes numbers: invariant, compact, milliseconds with enough digits for sub-millisecond latencies.</summary>
public static class Format
{
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Milliseconds(double ms) => ms switch
    {
        0 => "0",
        < 1 => ms.ToString("0.000", CultureInfo.InvariantCulture),
        < 100 => ms.ToString("0.00", CultureInfo.InvariantCulture),
        _ => ms.ToString("N0", CultureInfo.InvariantCulture),
    };

    public static string Rate(double perSecond) => perSecond.ToString(perSecond < 100 ? "N1" : "N0", CultureInfo.InvariantCulture);

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>An entity's name for many of its instances, as the pages write it: users, items, categories, addresses.</summary>
    public static string Plural(string noun) => noun switch
    {
        [.., not ('a' or 'e' or 'i' or 'o' or 'u'), 'y'] => noun[..^1] + "ies",
        [.., 's' or 'x' or 'z'] or [.., 'c' or 's', 'h'] => noun + "es",
        _ => noun + "s",
    };

    /// <summary>The plural with a capital, for a heading: Users, Items.</summary>
    public static string PluralTitle(string noun) => Capital(Plural(noun));

    /// <summary>A name starting a sentence or a label: User, Item.</summary>
    public static string Capital(string text) => text is [var first, .. var rest] ? char.ToUpperInvariant(first) + rest : "";

    /// <summary>A contract enum as featureapi writes it: its name in lower case (<c>stored</c>, <c>present</c>).</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
