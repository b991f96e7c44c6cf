using System.Collections.Frozen;
using FeatureApi.Requests;

namespace FeatureApi.Features;

/// <summary>
/// The registered features, each with a fixed slot in a row, and the sets of features a request can ask for.
/// </summary>
public sealed class FeatureRegistry
{
    private readonly FrozenDictionary<string, FeatureDefinition> byName;
    private readonly FrozenDictionary<string, EventStream> streamsByName;
    private readonly int[] slotsById;
    private readonly FeatureSetCache namedSets;

    /// <summary>The most features a registry holds: a request naming more is refused before its names are read.</summary>
    public const int MaxFeatures = 1024;

    /// <summary>The longest feature, stream or entity name.</summary>
    public const int MaxNameLength = 128;

    public FeatureRegistry(IReadOnlyList<FeatureDefinition> declared, IReadOnlyList<FeatureDefinition> defaultFeatures)
    {
        TileSeries = CreateTileSeries(declared);
        var features = Register(declared, TileSeries, out slotsById);
        All = features;
        Stored = [.. features.Where(f => f.Kind == FeatureKind.Stored)];
        StoredNames = string.Join(", ", Stored.Select(f => f.Name));
        CurrentValue = features.SingleOrDefault(f => f.Kind == FeatureKind.Request && f.Name == CurrentValueName);
        if (features.FirstOrDefault(f => f.Kind == FeatureKind.Request && f != CurrentValue) is { } unsupported)
        {
            throw new InvalidOperationException(
                $"Request feature '{unsupported.Name}' has no field in the extract contract; only '{CurrentValueName}' (currentValue) does.");
        }
        Streams = [.. features.Where(f => f.Live is not null).Select(f => f.Live!.Stream).Distinct()];
        LongestWindow = features.Where(f => f.Live is not null).Select(f => f.Live!.Window).DefaultIfEmpty().Max();
        byName = features.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        streamsByName = Streams.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
        namedSets = new FeatureSetCache(this);
        DefaultSet = new FeatureSet(this, [.. defaultFeatures.Select(Registered)]);
    }

    /// <summary>Every feature, inputs before the features computed from them.</summary>
    public IReadOnlyList<FeatureDefinition> All { get; }

    /// <summary>The features kept in the user's hash.</summary>
    public IReadOnlyList<FeatureDefinition> Stored { get; }

    /// <summary>The stored features' names, for messages.</summary>
    public string StoredNames { get; }

    public const string CurrentValueName = "current_value";

    /// <summary>The request feature filled from the request's <c>currentValue</c>, if registered.</summary>
    public FeatureDefinition? CurrentValue { get; }

    /// <summary>The tile sequences live features are merged from.</summary>
    public IReadOnlyList<TileSeries> TileSeries { get; }

    /// <summary>The event streams live features aggregate.</summary>
    public IReadOnlyList<EventStream> Streams { get; }

    /// <summary>The longest window of any live feature: older events can no longer count.</summary>
    public TimeSpan LongestWindow { get; }

    /// <summary>What an extract returns when the request names no features.</summary>
    public FeatureSet DefaultSet { get; }

    public bool TryGet(string name, out FeatureDefinition feature) => byName.TryGetValue(name, out feature!);

    /// <summary>The registered feature of that name; throws when there is none.</summary>
    public FeatureDefinition this[string name] => byName[name];

    public EventStream? FindStream(string name) => streamsByName.GetValueOrDefault(name);

    /// <summary>
    /// The registered copies of <paramref name="declared"/>, each at its position, inputs before the features computed
    /// from them, live features pointed at the tile series their aggregation needs.
    /// </summary>
    private static FeatureDefinition[] Register(IReadOnlyList<FeatureDefinition> declared, IReadOnlyList<TileSeries> series, out int[] slotsById)
    {
        slotsById = new int[declared.Count == 0 ? 0 : declared.Max(f => f.Id) + 1];
        Array.Fill(slotsById, -1);
        var registered = new FeatureDefinition[declared.Count];
        for (var slot = 0; slot < declared.Count; slot++)
        {
            var feature = declared[slot];
            if (feature.IsRegistered)
            {
                throw new InvalidOperationException($"Feature '{feature.Name}' was handed out by another registry; register its declaration.");
            }
            if (slotsById[feature.Id] >= 0)
            {
                throw new InvalidOperationException($"Feature '{feature.Name}' is registered twice.");
            }
            var inputs = new FeatureDefinition[feature.Inputs.Count];
            for (var i = 0; i < inputs.Length; i++)
            {
                var input = feature.Inputs[i];
                var inputSlot = input.Id < slotsById.Length ? slotsById[input.Id] : -1;
                if (inputSlot < 0)
                {
                    throw new InvalidOperationException($"Feature '{feature.Name}' must be registered after its input '{input.Name}'.");
                }
                inputs[i] = registered[inputSlot];
            }
            TileSeries[] reads = feature.Live is { } live
                ? [.. FieldsOf(live.Aggregation).Select(field =>
                    series.Single(s => s.Stream == live.Stream && s.TileSize == live.TileSize && s.Field == field))]
                : [];
            registered[slot] = feature.Register(slot, inputs, reads, slotsById);
            slotsById[feature.Id] = slot;
        }
        return registered;
    }

    /// <summary>This registry's copy of a declared (or already registered) feature.</summary>
    private FeatureDefinition Registered(FeatureDefinition feature) =>
        feature.Id < slotsById.Length && slotsById[feature.Id] >= 0 ? All[slotsById[feature.Id]]
            : throw new InvalidOperationException($"Feature '{feature.Name}' is not registered.");

    /// <summary>One series per (stream, tile size, field), read far enough back for the longest window that uses it.</summary>
    private static TileSeries[] CreateTileSeries(IReadOnlyList<FeatureDefinition> features)
    {
        var needs = features.Where(f => f.Live is not null)
            .SelectMany(f => FieldsOf(f.Live!.Aggregation).Select(field => (f.Live!, Field: field)));
        return [.. needs
            .GroupBy(n => (n.Item1.Stream, n.Item1.TileSize, n.Field))
            .Select((group, index) => new TileSeries(index, group.Key.Stream, group.Key.TileSize, group.Key.Field,
                group.Max(n => n.Item1.TilesRead), group.Max(n => n.Item1.Window)))];
    }

    private static TileField[] FieldsOf(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Count => [TileField.Count],
        Aggregation.Sum => [TileField.Sum],
        Aggregation.Avg => [TileField.Sum, TileField.Count],
        Aggregation.Max => [TileField.Max],
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, null),
    };

    /// <summary>
    /// Checks a request's <c>features</c> list: absent (the default set) or one to <see cref="All"/>.Count known names,
    /// none twice. A list longer than the registry is refused before its names are looked at; unknown or repeated
    /// names are reported per index, in the form the API returns them.
    /// </summary>
    public void Validate(IReadOnlyList<string>? names, string fieldName, RequestErrors errors)
    {
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

    /// <summary>The set for a validated <c>features</c> list (<see cref="Validate"/>), or the default set when it has none.</summary>
    public FeatureSet Resolve(IReadOnlyList<string>? names)
    {
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
