using System.Collections.Frozen;
using FeatureApi.Requests;

namespace FeatureApi.Features;

/// <summary>
/// One compiled version of a team's repository: its entities, streams and features, each feature with a fixed slot in
/// a row, and the sets of features a request can ask for. Immutable: a request reads the serving registry once and is
/// served from that version from start to end (<see cref="Registry.ServingRegistry"/>).
/// </summary>
public sealed class FeatureRegistry
{
    /// <summary>The most features a registry holds: a request naming more is refused before its names are read.</summary>
    public const int MaxFeatures = 1024;

    /// <summary>The longest feature, stream, entity or set name.</summary>
    public const int MaxNameLength = 128;

    private readonly FrozenDictionary<string, FeatureDefinition> byName;
    private readonly FrozenDictionary<string, EventStream> streamsByName;
    private readonly FrozenDictionary<string, EntityDefinition> entitiesByName;
    private readonly FrozenDictionary<string, FeatureSet> setsByName;
    private readonly FeatureSetCache namedSets;

    internal FeatureRegistry(long version, IReadOnlyList<EntityDefinition> entities, IReadOnlyList<EventStream> streams,
        IReadOnlyList<FeatureDefinition> features, IReadOnlyList<FeatureDefinition> evaluationOrder, IReadOnlyList<TileSeries> tileSeries,
        IReadOnlyList<FeatureDefinition> defaultFeatures, IReadOnlyList<(string Name, string? Description, IReadOnlyList<FeatureDefinition> Features)> sets)
    {
        Version = version;
        Entities = entities;
        Streams = streams;
        All = features;
        EvaluationOrder = evaluationOrder;
        TileSeries = tileSeries;
        RequestFeatures = [.. features.Where(f => f.Kind == FeatureKind.Request)];
        LongestWindow = features.Where(f => f.Live is not null).Select(f => f.Live!.Window).DefaultIfEmpty().Max();
        byName = features.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        streamsByName = streams.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
        entitiesByName = entities.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);
        namedSets = new FeatureSetCache(this);
        DefaultSet = new FeatureSet(this, defaultFeatures);
        setsByName = sets.ToFrozenDictionary(s => s.Name, s => new FeatureSet(this, s.Features, s.Name), StringComparer.Ordinal);
        SetDescriptions = sets.ToFrozenDictionary(s => s.Name, s => s.Description, StringComparer.Ordinal);
        CurrentValue = byName.GetValueOrDefault(CurrentValueName) is { Kind: FeatureKind.Request } currentValue ? currentValue : null;
        UserEntity = entitiesByName.GetValueOrDefault(EntityDefinition.User) is { KeyType: EntityKeyType.Int64 } user ? user : null;
    }

    /// <summary>
    /// The repository version this registry was compiled from (0 for the built-in default). Set once more by the apply
    /// that stores it, before it is served: the store numbers versions.
    /// </summary>
    public long Version
    {
        get;
        internal set
        {
            field = value;
            VersionHeader = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The version as the <c>Registry-Version</c> header carries it, formatted once.</summary>
    internal Microsoft.Extensions.Primitives.StringValues VersionHeader { get; private set; }

    /// <summary>Every feature, in the document's order.</summary>
    public IReadOnlyList<FeatureDefinition> All { get; }

    /// <summary>The derived features in an order that computes inputs first.</summary>
    internal IReadOnlyList<FeatureDefinition> EvaluationOrder { get; }

    public IReadOnlyList<EntityDefinition> Entities { get; }

    /// <summary>The event streams live features aggregate.</summary>
    public IReadOnlyList<EventStream> Streams { get; }

    /// <summary>The tile sequences live features are merged from.</summary>
    public IReadOnlyList<TileSeries> TileSeries { get; }

    /// <summary>The features a request carries, in order (a row's request values are indexed by this).</summary>
    public IReadOnlyList<FeatureDefinition> RequestFeatures { get; }

    /// <summary>The longest window of any live feature: older events can no longer count.</summary>
    public TimeSpan LongestWindow { get; }

    /// <summary>What an extract returns when the request names no features and no set.</summary>
    public FeatureSet DefaultSet { get; }

    /// <summary>The named feature sets' descriptions, by name.</summary>
    public IReadOnlyDictionary<string, string?> SetDescriptions { get; }

    public const string CurrentValueName = "current_value";

    /// <summary>The request feature the seed's <c>currentValue</c> fills, when the registry has it.</summary>
    public FeatureDefinition? CurrentValue { get; }

    /// <summary>The seed's <c>user</c> entity (int64 keys), which the <c>userId</c> shapes and <c>/api/users</c> address.</summary>
    public EntityDefinition? UserEntity { get; }

    public bool TryGet(string name, out FeatureDefinition feature) => byName.TryGetValue(name, out feature!);

    /// <summary>The registered feature of that name; throws when there is none.</summary>
    public FeatureDefinition this[string name] => byName[name];

    public EventStream? FindStream(string name) => streamsByName.GetValueOrDefault(name);

    public EntityDefinition? FindEntity(string name) => entitiesByName.GetValueOrDefault(name);

    public FeatureSet? FindSet(string name) => setsByName.GetValueOrDefault(name);

    /// <summary>
    /// Checks a request's choice of features: a <c>features</c> list (one to <see cref="All"/>.Count known names, none
    /// twice), a <c>featureSet</c> name, or neither (the default set); not both. A list longer than the registry is
    /// refused before its names are looked at; unknown or repeated names are reported per index.
    /// </summary>
    public void Validate(IReadOnlyList<string>? names, string? setName, RequestErrors errors, string fieldName = "features", string setField = "featureSet")
    {
        if (setName is not null)
        {
            if (names is not null)
            {
                errors.Add(setField, $"Name either {fieldName} or {setField}, not both.");
            }
            else if (!setsByName.ContainsKey(setName))
            {
                errors.Add(setField, setsByName.Count == 0
                    ? $"Unknown feature set '{setName}'; this registry has none."
                    : $"Unknown feature set '{setName}'. Sets: {string.Join(", ", setsByName.Keys)}.");
            }
            return;
        }
        if (names is null)
        {
            return;
        }
        if (names.Count == 0 || names.Count > All.Count)
        {
            errors.Add(fieldName, names.Count == 0
                ? "Name at least one feature, or leave the field out for the default set."
                : $"{fieldName} names {names.Count} features; there are {All.Count}, each may be named once.");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name is null || !byName.ContainsKey(name))
            {
                errors.Add($"{fieldName}[{i}]", $"Unknown feature '{name}'. GET /api/features/definitions lists them.");
            }
            else if (!seen.Add(name))
            {
                errors.Add($"{fieldName}[{i}]", $"Feature '{name}' is named twice.");
            }
        }
    }

    /// <summary>The set a validated choice names (<see cref="Validate"/>): the list, the named set, or the default set.</summary>
    public FeatureSet Resolve(IReadOnlyList<string>? names, string? setName = null)
    {
        if (setName is not null)
        {
            return setsByName[setName];
        }
        if (names is null)
        {
            return DefaultSet;
        }
        var features = new List<FeatureDefinition>(names.Count);
        foreach (var name in names)
        {
            features.Add(byName[name]);
        }
        return namedSets.GetOrCreate(features);
    }
}
