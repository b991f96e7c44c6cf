namespace FeatureApi.Features;

/// <summary>
/// The features one extract returns, and everything that must be read or computed to produce them.
/// </summary>
public sealed class FeatureSet
{
    internal FeatureSet(FeatureRegistry registry, IReadOnlyList<FeatureDefinition> requested)
    {
        Registry = registry;
        Requested = requested;

        var needed = new bool[registry.All.Count];
        foreach (var feature in requested)
        {
            Mark(feature, needed);
        }
        // Registry order puts inputs first, so computing in it never reads a slot that is not yet filled.
        Derived = [.. registry.All.Where(f => needed[f.Slot] && f.Kind == FeatureKind.Derived)];
        NeedsStoredFeatures = registry.Stored.Any(f => needed[f.Slot]);
        Live = [.. registry.All.Where(f => needed[f.Slot] && f.Kind == FeatureKind.Live)];
        LiveSeries = [.. Live.SelectMany(f => f.Series).Distinct().OrderBy(s => s.Index)];
        SeriesPosition = new int[registry.TileSeries.Count];
        Array.Fill(SeriesPosition, -1);
        for (var i = 0; i < LiveSeries.Length; i++)
        {
            SeriesPosition[LiveSeries[i].Index] = i;
        }
    }

    public FeatureRegistry Registry { get; }

    /// <summary>The features returned, in the order the request named them.</summary>
    public IReadOnlyList<FeatureDefinition> Requested { get; }

    /// <summary>The derived features to compute, inputs first.</summary>
    internal FeatureDefinition[] Derived { get; }

    /// <summary>The live features to merge from tiles.</summary>
    internal FeatureDefinition[] Live { get; }

    /// <summary>The tile series to read, one store command per user each.</summary>
    internal TileSeries[] LiveSeries { get; }

    /// <summary>For each registry tile series, its position in <see cref="LiveSeries"/>, or -1.</summary>
    internal int[] SeriesPosition { get; }

    /// <summary>False when only request and request-derived features are asked for: the store is not read at all.</summary>
    public bool NeedsStoredFeatures { get; }

    private static void Mark(FeatureDefinition feature, bool[] needed)
    {
        needed[feature.Slot] = true;
        foreach (var input in feature.Inputs)
        {
            Mark(input, needed);
        }
    }
}
