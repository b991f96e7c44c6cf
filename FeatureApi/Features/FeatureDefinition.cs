using System.Text.Json;

namespace FeatureApi.Features;

/// <summary>Computes a derived feature from the values already in a row.</summary>
public delegate double FeatureFormula(FeatureRow row);

/// <summary>
/// One feature: its name on the wire, where it comes from and, for derived features, how it is computed. Immutable:
/// the catalog's definitions are shared by every registry, and each registry hands out its own registered copies,
/// which alone carry a slot and tile series.
/// </summary>
public sealed class FeatureDefinition
{
    private static int lastId = -1;

    private FeatureDefinition(string name, FeatureKind kind, FeatureValueType type, double defaultValue, string description,
        IReadOnlyList<FeatureDefinition> inputs, FeatureFormula? formula, LiveAggregate? live = null)
    {
        Id = Interlocked.Increment(ref lastId);
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

    /// <summary>A registered copy: the same feature (same <see cref="Id"/>) at a registry's slot.</summary>
    private FeatureDefinition(FeatureDefinition declared, int slot, IReadOnlyList<FeatureDefinition> inputs, FeatureFormula? formula,
        TileSeries[] series)
    {
        Id = declared.Id;
        Live = declared.Live;
        Name = declared.Name;
        Kind = declared.Kind;
        Type = declared.Type;
        Default = declared.Default;
        Description = declared.Description;
        EncodedName = declared.EncodedName;
        Inputs = inputs;
        Formula = formula;
        Slot = slot;
        Series = series;
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
    internal TileSeries[] Series { get; } = [];

    /// <summary>The name, escaped once for the JSON writer on the hot path.</summary>
    internal JsonEncodedText EncodedName { get; }

    /// <summary>This feature's position in every row of the registry that handed it out; -1 on a catalog declaration.</summary>
    internal int Slot { get; } = -1;

    /// <summary>Which declared feature this is, shared by its registered copies; indexes a registry's slot table.</summary>
    internal int Id { get; }

    internal bool IsRegistered => Slot >= 0;

    /// <summary>
    /// This feature at <paramref name="slot"/>, computed from <paramref name="inputs"/> (already registered), reading
    /// <paramref name="series"/>. Its formula reads inputs through <paramref name="slotsById"/>, so formulas written
    /// against the catalog's declarations find the registry's slots.
    /// </summary>
    internal FeatureDefinition Register(int slot, IReadOnlyList<FeatureDefinition> inputs, TileSeries[] series, int[] slotsById)
    {
        var formula = Formula;
        FeatureFormula? bound = formula is null ? null : row => formula(row.WithSlots(slotsById));
        return new FeatureDefinition(this, slot, inputs, bound, series);
    }

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

/// <summary>
/// The values of one request's features, indexed by definition; formulas read their inputs through it. A registered
/// formula sees the row with its registry's slot table, so a catalog declaration and its registered copy read the
/// same value.
/// </summary>
public readonly ref struct FeatureRow
{
    private readonly ReadOnlySpan<double> values;
    private readonly int[]? slotsById;

    public FeatureRow(ReadOnlySpan<double> values) : this(values, null)
    {
    }

    private FeatureRow(ReadOnlySpan<double> values, int[]? slotsById)
    {
        this.values = values;
        this.slotsById = slotsById;
    }

    public double this[FeatureDefinition feature] =>
        values[feature.IsRegistered || slotsById is null ? feature.Slot : slotsById[feature.Id]];

    internal FeatureRow WithSlots(int[] slots) => new(values, slots);
}
