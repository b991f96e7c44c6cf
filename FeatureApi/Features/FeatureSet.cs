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
        SeriesOffset = new int[registry.TileSeries.Count];
        Array.Fill(SeriesOffset, -1);
        foreach (var series in LiveSeries)
        {
            SeriesOffset[series.Index] = LiveTilesPerUser;
            LiveTilesPerUser += series.TilesRead;
        }
    }

    public FeatureRegistry Registry { get; }

    /// <summary>The features returned, in the order the request named them.</summary>
    public IReadOnlyList<FeatureDefinition> Requested { get; }

    /// <summary>The derived features to compute, inputs first.</summary>
    internal FeatureDefinition[] Derived { get; }

    /// <summary>The live features to merge from tiles.</summary>
    internal FeatureDefinition[] Live { get; }

    /// <summary>
    /// The tile series to read, one after the other in one MGET per user (one command rather than one per series:
    /// each command costs the client and the store more than a few more keys do).
    /// </summary>
    internal TileSeries[] LiveSeries { get; }

    /// <summary>For each registry tile series, where its tiles start in a user's MGET reply, or -1.</summary>
    internal int[] SeriesOffset { get; }

    /// <summary>The tiles read per user, over every series in <see cref="LiveSeries"/>.</summary>
    internal int LiveTilesPerUser { get; }

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
