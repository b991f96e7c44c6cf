namespace FeatureApi.Features;

/// <summary>A stream of live events (clicks, views, ...) about one entity, which windowed aggregates are computed over.</summary>
public sealed record EventStream(string Name, string Description, EntityDefinition Entity);

/// <summary>
/// A windowed aggregate over a stream, kept as time tiles of <see cref="TileSize"/> and merged at read time.
/// The window is sliding with tile granularity: it covers the tile that contains <c>now − Window</c> through the
/// current tile, so every event of the last <see cref="Window"/> counts, plus at most one tile of older events;
/// an event a whole tile older than the window never counts.
/// </summary>
public sealed record LiveAggregate(EventStream Stream, Aggregation Aggregation, TimeSpan Window, TimeSpan TileSize)
{
    /// <summary>Tiles merged per read: the window's tiles plus the partial one at its far edge.</summary>
    public int TilesRead => (int)(Window.Ticks / TileSize.Ticks) + 1;
}

/// <summary>What a tile keeps for an aggregation: avg needs both the sum and the count.</summary>
public enum TileField
{
    Count,
    Sum,
    Max,
    Min,
}

/// <summary>
/// One sequence of tiles in the store: a stream's values of one field at one tile size, shared by every live feature
/// that needs it (clicks_24h and a clicks_24h_avg read the same sum tiles). Registries create these.
/// </summary>
public sealed class TileSeries
{
    internal TileSeries(int index, EventStream stream, TimeSpan tileSize, TileField field, int tilesRead, TimeSpan longestWindow)
    {
        Index = index;
        Stream = stream;
        TileSize = tileSize;
        Field = field;
        TilesRead = tilesRead;
        Retention = longestWindow + tileSize;
    }

    /// <summary>This series' position among the registry's series.</summary>
    public int Index { get; }
    public EventStream Stream { get; }
    public TimeSpan TileSize { get; }
    public TileField Field { get; }

    /// <summary>Tiles read per lookup: enough for the longest window over this series.</summary>
    public int TilesRead { get; }

    /// <summary>How long a tile lives after it starts: the longest window plus one tile, then the store expires it.</summary>
    public TimeSpan Retention { get; }

    public long TileIndex(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / (long)TileSize.TotalMilliseconds;

    public DateTimeOffset TileStart(long tileIndex) => DateTimeOffset.FromUnixTimeMilliseconds(tileIndex * (long)TileSize.TotalMilliseconds);
}
