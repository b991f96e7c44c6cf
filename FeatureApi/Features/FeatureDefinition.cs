using System.Text.Json;

namespace FeatureApi.Features;

/// <summary>
/// One feature of a compiled registry: its name on the wire, where it comes from, its slot in every row of that
/// registry and, for derived features, the compiled expression. Immutable; built only by the repository compiler.
/// </summary>
public sealed class FeatureDefinition
{
    internal FeatureDefinition(string name, FeatureKind kind, FeatureValueType type, double defaultValue, string description, int slot)
    {
        Name = name;
        Kind = kind;
        Type = type;
        Default = defaultValue;
        Description = description;
        Slot = slot;
        EncodedName = JsonEncodedText.Encode(name);
    }

    public string Name { get; }
    public FeatureKind Kind { get; }
    public FeatureValueType Type { get; }
    public double Default { get; }
    public string Description { get; }

    /// <summary>The entity of a stored or live feature.</summary>
    public EntityDefinition? Entity { get; internal init; }

    /// <summary>For stored features: the age past which a value is served as stale.</summary>
    public TimeSpan? MaxAge { get; internal init; }

    /// <summary>For stored features: whether reads that need it may be served from the near cache.</summary>
    public bool Cached { get; internal init; } = true;

    public string? Owner { get; internal init; }
    public IReadOnlyList<string> Tags { get; internal init; } = [];

    /// <summary>The features this one is computed from (derived features only), in first-use order.</summary>
    public IReadOnlyList<FeatureDefinition> Inputs { get; internal set; } = [];

    /// <summary>The expression a derived feature is computed by, as written.</summary>
    public string? Expression { get; internal init; }

    /// <summary>The compiled expression: reads its inputs from a row by slot.</summary>
    internal Func<double[], double>? Formula { get; set; }

    /// <summary>The windowed aggregate a live feature serves.</summary>
    public LiveAggregate? Live { get; internal init; }

    /// <summary>The tile series a live feature reads, in the order its aggregation needs them (sum before count).</summary>
    internal TileSeries[] Series { get; set; } = [];

    /// <summary>For a stored feature, its position among its entity's stored features (and in that entity's lookup reply).</summary>
    internal int StoredIndex { get; init; } = -1;

    /// <summary>For a request feature, its position among the registry's request features (and in a row's request values).</summary>
    internal int RequestIndex { get; init; } = -1;

    /// <summary>The name, escaped once for the JSON writer on the hot path.</summary>
    internal JsonEncodedText EncodedName { get; }

    /// <summary>This feature's position in every row of its registry.</summary>
    public int Slot { get; }

    public override string ToString() => Name;
}
