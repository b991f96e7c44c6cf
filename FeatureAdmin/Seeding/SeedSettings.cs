using System.Globalization;
using FeatureAdmin.Components.Shared;
using FeatureAspire.Client;

namespace FeatureAdmin.Seeding;

/// <summary>The range one stored feature's synthetic values are drawn from; whole numbers when <see cref="WholeNumbers"/>.</summary>
public sealed class FeatureRange(string name, double min, double max, bool wholeNumbers)
{
    public string Name { get; } = name;
    public double Min { get; set; } = min;
    public double Max { get; set; } = max;
    public bool WholeNumbers { get; set; } = wholeNumbers;

    /// <summary>A sensible range for a stored feature the admin knows nothing about beyond its type.</summary>
    public static FeatureRange For(string name, FeatureValueType type) => (name, type) switch
    {
        ("user_age", _) => new(name, 18, 80, true),
        ("last_7d_clicks", _) => new(name, 0, 50, false),
        (_, FeatureValueType.Bool) => new(name, 0, 1, true),
        _ => new(name, 0, 100, type == FeatureValueType.Int),
    };
}

/// <summary>
/// How many synthetic instances of which entity to write, from which key, with which random seed and value ranges.
/// Keys count up from <see cref="FirstKey"/>: the numbers themselves for an <c>int64</c> entity, after
/// <see cref="KeyPrefix"/> for a <c>string</c> one (<c>item-1</c>, <c>item-2</c>...).
/// </summary>
public sealed class SeedSettings
{
    public const int MaxChunkSize = 1_000;

    /// <summary>The most instances one run writes: enough for any probe, small enough that a slip of the finger cannot fill the store.</summary>
    public const int MaxCount = 10_000_000;

    public string Entity { get; set; } = "user";
    public EntityKeyType KeyType { get; set; } = EntityKeyType.Int64;
    public string KeyPrefix { get; set; } = "";
    public int Count { get; set; } = 1_000;
    public long FirstKey { get; set; } = 1;
    public int RandomSeed { get; set; } = 42;
    public int ChunkSize { get; set; } = MaxChunkSize;
    public List<FeatureRange> Ranges { get; set; } = [];

    /// <summary>The key of the <paramref name="index"/>-th instance written (from 0).</summary>
    public EntityKey Key(long index) => KeyType == EntityKeyType.Int64
        ? new EntityKey(FirstKey + index)
        : new EntityKey(KeyPrefix + (FirstKey + index).ToString(CultureInfo.InvariantCulture));

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Count is < 1 or > MaxCount) problems.Add($"{Format.PluralTitle(Entity)} must be between 1 and {MaxCount:N0} per run.");
        if (FirstKey < 1) problems.Add($"The first {(KeyType == EntityKeyType.Int64 ? "id" : "key number")} must be 1 or more.");
        if (ChunkSize is < 1 or > MaxChunkSize) problems.Add($"Chunk size must be between 1 and {MaxChunkSize:N0}.");
        if (Ranges.Count == 0) problems.Add($"The repository gives {Entity} no stored features to seed.");
        foreach (var range in Ranges.Where(r => !double.IsFinite(r.Min) || !double.IsFinite(r.Max) || r.Max < r.Min))
        {
            problems.Add($"The range of {range.Name} must be two finite numbers, the maximum not below the minimum.");
        }
        return problems;
    }
}
