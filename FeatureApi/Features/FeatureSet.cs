namespace FeatureApi.Features;

/// <summary>
/// The features one extract returns, and everything that must be read or computed to produce them: per row, one HMGET
/// for each entity with needed stored features, then one MGET for each entity with needed live features.
/// </summary>
public sealed class FeatureSet
{
    internal FeatureSet(FeatureRegistry registry, IReadOnlyList<FeatureDefinition> requested, string? name = null)
    {
        Registry = registry;
        Requested = requested;
        Name = name;

        var needed = new bool[registry.All.Count];
        foreach (var feature in requested)
        {
            Mark(feature, needed);
        }
        // Registry order puts inputs first, so computing in it never reads a slot that is not yet filled.
        Derived = [.. registry.EvaluationOrder.Where(f => needed[f.Slot])];
        StoredEntities = [.. registry.Entities.Where(e => e.Stored.Any(f => needed[f.Slot]))];
        // A reply holds all of an entity's stored features; it may come from the near cache only when every one this
        // set reads may.
        CachedStored = [.. StoredEntities.Select(e => e.Cached && e.Stored.All(f => f.Cached || !needed[f.Slot]))];
        var live = registry.All.Where(f => needed[f.Slot] && f.Kind == FeatureKind.Live).ToArray();
        LiveEntities = [.. live.GroupBy(f => f.Entity!).OrderBy(g => g.Key.Index).Select(g => new LiveLookup(g.Key, [.. g], registry.TileSeries.Count))];
        Request = [.. registry.RequestFeatures.Where(f => needed[f.Slot])];
        Entities = [.. registry.Entities.Where(e => StoredEntities.Contains(e) || LiveEntities.Any(l => l.Entity == e))];
        PerRow = StoredEntities.Length + LiveEntities.Length;
    }

    public FeatureRegistry Registry { get; }

    /// <summary>The feature set's name, when the request named one.</summary>
    public string? Name { get; }

    /// <summary>The features returned, in the order the request named them.</summary>
    public IReadOnlyList<FeatureDefinition> Requested { get; }

    /// <summary>The derived features to compute, inputs first.</summary>
    internal FeatureDefinition[] Derived { get; }

    /// <summary>The entities whose hash is read (one HMGET each per row), in registry order.</summary>
    internal EntityDefinition[] StoredEntities { get; }

    /// <summary>Per stored entity (as <see cref="StoredEntities"/>), whether its reply may be served from the near cache.</summary>
    internal bool[] CachedStored { get; }

    /// <summary>The entities whose live tiles are read (one MGET each per row), with what is merged from them.</summary>
    internal LiveLookup[] LiveEntities { get; }

    /// <summary>The request features a row must carry.</summary>
    public IReadOnlyList<FeatureDefinition> Request { get; }

    /// <summary>The entities a row must name a key for.</summary>
    public IReadOnlyList<EntityDefinition> Entities { get; }

    /// <summary>Store replies per row: one per stored entity, then one per live entity.</summary>
    internal int PerRow { get; }

    /// <summary>False when only request and request-derived features are asked for: the store is not read at all.</summary>
    public bool NeedsStoredFeatures => StoredEntities.Length > 0;

    private static void Mark(FeatureDefinition feature, bool[] needed)
    {
        if (needed[feature.Slot])
        {
            return;
        }
        needed[feature.Slot] = true;
        foreach (var input in feature.Inputs)
        {
            Mark(input, needed);
        }
    }
}

/// <summary>
/// The live features of one entity a set needs, and the tile series they are merged from, read one after the other in
/// one MGET per row (one command rather than one per series: each command costs more than a few more keys do).
/// </summary>
internal sealed class LiveLookup
{
    public LiveLookup(EntityDefinition entity, FeatureDefinition[] features, int registrySeries)
    {
        Entity = entity;
        Features = features;
        Series = [.. features.SelectMany(f => f.Series).Distinct().OrderBy(s => s.Index)];
        SeriesOffset = new int[registrySeries];
        Array.Fill(SeriesOffset, -1);
        foreach (var series in Series)
        {
            SeriesOffset[series.Index] = TilesPerRow;
            TilesPerRow += series.TilesRead;
        }
    }

    public EntityDefinition Entity { get; }

    /// <summary>The live features merged from this entity's tiles.</summary>
    public FeatureDefinition[] Features { get; }

    /// <summary>The tile series to read, in registry order.</summary>
    public TileSeries[] Series { get; }

    /// <summary>For each registry tile series, where its tiles start in this MGET's reply, or -1.</summary>
    public int[] SeriesOffset { get; }

    /// <summary>The tiles one MGET reads.</summary>
    public int TilesPerRow { get; }
}
