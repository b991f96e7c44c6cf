using System.Collections.Frozen;

namespace FeatureApi.Features;

/// <summary>
/// The registered features, each with a fixed slot in a row, and the sets of features a request can ask for.
/// </summary>
public sealed class FeatureRegistry
{
    private readonly FrozenDictionary<string, FeatureDefinition> byName;
    private readonly FrozenDictionary<string, EventStream> streamsByName;

    public FeatureRegistry(IReadOnlyList<FeatureDefinition> features, IReadOnlyList<FeatureDefinition> defaultFeatures)
    {
        for (var slot = 0; slot < features.Count; slot++)
        {
            var feature = features[slot];
            if (feature.Slot != -1 && feature.Slot != slot)
            {
                throw new InvalidOperationException($"Feature '{feature.Name}' already has slot {feature.Slot} in another registry.");
            }
            feature.Slot = slot;
            foreach (var input in feature.Inputs)
            {
                if (input.Slot < 0 || input.Slot >= slot || features[input.Slot] != input)
                {
                    throw new InvalidOperationException($"Feature '{feature.Name}' must be registered after its input '{input.Name}'.");
                }
            }
        }

        All = features;
        Stored = [.. features.Where(f => f.Kind == FeatureKind.Stored)];
        CurrentValue = features.SingleOrDefault(f => f.Kind == FeatureKind.Request && f.Name == CurrentValueName);
        if (features.FirstOrDefault(f => f.Kind == FeatureKind.Request && f != CurrentValue) is { } unsupported)
        {
            throw new InvalidOperationException(
                $"Request feature '{unsupported.Name}' has no field in the extract contract; only '{CurrentValueName}' (currentValue) does.");
        }
        TileSeries = CreateTileSeries(features);
        Streams = [.. features.Where(f => f.Live is not null).Select(f => f.Live!.Stream).Distinct()];
        LongestWindow = features.Where(f => f.Live is not null).Select(f => f.Live!.Window).DefaultIfEmpty().Max();
        byName = features.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        streamsByName = Streams.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
        DefaultSet = new FeatureSet(this, defaultFeatures);
    }

    /// <summary>Every feature, inputs before the features computed from them.</summary>
    public IReadOnlyList<FeatureDefinition> All { get; }

    /// <summary>The features kept in the user's hash.</summary>
    public IReadOnlyList<FeatureDefinition> Stored { get; }

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

    public EventStream? FindStream(string name) => streamsByName.GetValueOrDefault(name);

    /// <summary>
    /// One series per (stream, tile size, field), read far enough back for the longest window that uses it, and each
    /// live feature pointed at the series its aggregation needs.
    /// </summary>
    private static TileSeries[] CreateTileSeries(IReadOnlyList<FeatureDefinition> features)
    {
        var live = features.Where(f => f.Live is not null).ToList();
        var needs = live.SelectMany(f => FieldsOf(f.Live!.Aggregation).Select(field => (Feature: f, Field: field))).ToList();
        var series = needs
            .GroupBy(n => (n.Feature.Live!.Stream, n.Feature.Live.TileSize, n.Field))
            .Select((group, index) => new TileSeries(index, group.Key.Stream, group.Key.TileSize, group.Key.Field,
                group.Max(n => n.Feature.Live!.TilesRead), group.Max(n => n.Feature.Live!.Window)))
            .ToArray();
        foreach (var feature in live)
        {
            feature.Series = [.. FieldsOf(feature.Live!.Aggregation).Select(field =>
                series.Single(s => s.Stream == feature.Live.Stream && s.TileSize == feature.Live.TileSize && s.Field == field))];
        }
        return series;
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
    /// The set for a request's <c>features</c> list, or the default set when it has none. Unknown or repeated
    /// names are reported per index, in the form the API returns them.
    /// </summary>
    public FeatureSet? Resolve(IReadOnlyList<string>? names, string fieldName, IDictionary<string, string[]> errors)
    {
        if (names is null)
        {
            return DefaultSet;
        }
        if (names.Count == 0)
        {
            errors[fieldName] = ["Name at least one feature, or leave the field out for the default set."];
            return null;
        }

        var features = new List<FeatureDefinition>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name is null || !TryGet(name, out var feature))
            {
                errors[$"{fieldName}[{i}]"] = [$"Unknown feature '{name}'. GET /api/features/definitions lists them."];
            }
            else if (features.Contains(feature))
            {
                errors[$"{fieldName}[{i}]"] = [$"Feature '{name}' is named twice."];
            }
            else
            {
                features.Add(feature);
            }
        }
        return errors.Count == 0 ? new FeatureSet(this, features) : null;
    }
}
