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
    public static FeatureRange For(string name, FeatureValueType type) => name switch
    {
        "user_age" => new(name, 18, 80, true),
        "last_7d_clicks" => new(name, 0, 50, false),
        _ => new(name, 0, 100, type == FeatureValueType.Int),
    };
}

/// <summary>How many synthetic users to write, from which id, with which random seed and value ranges.</summary>
public sealed class SeedSettings
{
    public const int MaxChunkSize = 1_000;

    /// <summary>The most users one run writes: enough for any probe, small enough that a slip of the finger cannot fill the store.</summary>
    public const int MaxUsers = 10_000_000;

    public int Count { get; set; } = 1_000;
    public long FirstUserId { get; set; } = 1;
    public int RandomSeed { get; set; } = 42;
    public int ChunkSize { get; set; } = MaxChunkSize;
    public List<FeatureRange> Ranges { get; set; } = [];

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Count is < 1 or > MaxUsers) problems.Add($"Users must be between 1 and {MaxUsers:N0} per run.");
        if (FirstUserId < 1) problems.Add("The first user id must be 1 or more.");
        if (ChunkSize is < 1 or > MaxChunkSize) problems.Add($"Chunk size must be between 1 and {MaxChunkSize:N0}.");
        if (Ranges.Count == 0) problems.Add("featureapi lists no stored features to seed.");
        foreach (var range in Ranges.Where(r => !double.IsFinite(r.Min) || !double.IsFinite(r.Max) || r.Max < r.Min))
        {
            problems.Add($"The range of {range.Name} must be two finite numbers, the maximum not below the minimum.");
        }
        return problems;
    }
}
