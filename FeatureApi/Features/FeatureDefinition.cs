using System.Text.Json;

namespace FeatureApi.Features;

/// <summary>Computes a derived feature from the values already in a row.</summary>
public delegate double FeatureFormula(FeatureRow row);

/// <summary>One feature: its name on the wire, where it comes from and, for derived features, how it is computed.</summary>
public sealed class FeatureDefinition
{
    private FeatureDefinition(string name, FeatureKind kind, FeatureValueType type, double defaultValue, string description,
        IReadOnlyList<FeatureDefinition> inputs, FeatureFormula? formula, LiveAggregate? live = null)
    {
        Live = live;
        Name = name;
        Kind = kind;
        Type = type;
        Default = defaultValue;
        Description = description;
        Inputs = inputs;
        Formula = formula;
        EncodedName = JsonEncodedText.Encode(name);
    }

    public string Name { get; }
    public FeatureKind Kind { get; }
    public FeatureValueType Type { get; }
    public double Default { get; }
    public string Description { get; }

    /// <summary>The features this one is computed from (derived features only).</summary>
    public IReadOnlyList<FeatureDefinition> Inputs { get; }

    internal FeatureFormula? Formula { get; }

    /// <summary>The windowed aggregate a live feature serves.</summary>
    public LiveAggregate? Live { get; }

    /// <summary>The tile series a live feature reads, in the order its aggregation needs them (sum before count).</summary>
    internal TileSeries[] Series { get; set; } = [];

    /// <summary>The name, escaped once for the JSON writer on the hot path.</summary>
    internal JsonEncodedText EncodedName { get; }

    /// <summary>This feature's position in every row, assigned by the registry that holds it.</summary>
    internal int Slot { get; set; } = -1;

    public static FeatureDefinition Stored(string name, FeatureValueType type, double defaultValue, string description) =>
        new(name, FeatureKind.Stored, type, defaultValue, description, [], null);

    public static FeatureDefinition Request(string name, string description) =>
        new(name, FeatureKind.Request, FeatureValueType.Double, 0, description, [], null);

    public static FeatureDefinition Derived(string name, string description, FeatureDefinition[] inputs, FeatureFormula formula) =>
        new(name, FeatureKind.Derived, FeatureValueType.Double, 0, description, inputs, formula);

    public static FeatureDefinition LiveAggregate(string name, string description, LiveAggregate live) =>
        new(name, FeatureKind.Live, FeatureValueType.Double, 0, description, [], null, live);

    public override string ToString() => Name;
}

/// <summary>The values of one request's features, indexed by definition; formulas read their inputs through it.</summary>
public readonly ref struct FeatureRow(ReadOnlySpan<double> values)
{
    private readonly ReadOnlySpan<double> values = values;

    public double this[FeatureDefinition feature] => values[feature.Slot];
}
