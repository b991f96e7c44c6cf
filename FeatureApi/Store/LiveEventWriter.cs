using FeatureApi.Features;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureApi.Store;

/// <summary>
/// One validated live event about the instance <see cref="Key"/> of its stream's entity; <see cref="EventId"/>, when
/// given, makes it count at most once per instance.
/// </summary>
public readonly record struct LiveEvent(EntityKey Key, EventStream Stream, double Value, DateTimeOffset Timestamp, string? EventId = null)
{
    public const int MaxEventIdLength = 128;
}

/// <summary>
/// Adds live events to their time tiles, everything in one round trip. Events without an id that land in the same
/// tile are combined first: counts and sums in transactions per hash slot (INCRBY, INCRBYFLOAT, in slices of
/// <see cref="StoreTransaction.MaxCommandsPerTransaction"/> commands, as a Redis Cluster allows no transaction across
/// slots and a long EXEC would stall the store), maxima by an atomic script per tile. Events with an id go through
/// scripts of at most <see cref="MaxEventsPerScript"/> events of one hash slot (on a single server, of any users), each
/// recording an event's id (SET NX) and updating its tiles only if the id is new: exactly once, atomically per event.
/// Each tile expires when it leaves the longest window that reads it. Scripts run beside the transactions, not in them: Garnet stalls on EVAL inside MULTI.
/// </summary>
public sealed class LiveEventWriter(IConnectionMultiplexer redis, TimeProvider time, IOptions<FeatureServingOptions> options)
{
    // Max and min have no native command: compare, set and expire in one atomic script. A tile's expiry is fixed by its
    // start, so it is set only when the SET (which drops any expiry) ran.
    private const string MaxScript = """
        local current = redis.call('GET', KEYS[1])
        if not current or tonumber(ARGV[1]) > tonumber(current) then
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        end
        return 1
        """;

    private const string MinScript = """
        local current = redis.call('GET', KEYS[1])
        if not current or tonumber(ARGV[1]) < tonumber(current) then
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        end
        return 1
        """;

    // Per event: KEYS = its id marker, then its tiles; ARGV = its tile count, then per tile the operation (c count,
    // s sum, i sum of a whole number, m max, n min), the value and the expiry. ARGV[1] is the id retention. Returns how
    // many ids were already known. A tile's expiry is fixed by its start, so it is set only when the tile was created
    // (the increment's result is the increment itself) or rewritten by SET (which drops any expiry): an event into an
    // existing tile is one command, not two. A whole number is added with INCRBY, which costs the store a third of
    // INCRBYFLOAT (it formats a long double and rewrites itself as a SET); a tile already holding a fraction refuses it,
    // and then takes INCRBYFLOAT, whose sum of whole numbers is the same number.
    private const string ExactlyOnceScript = """
        local retention = ARGV[1]
        local k, a, duplicates = 1, 2, 0
        while k <= #KEYS do
            local fresh = redis.call('SET', KEYS[k], '1', 'NX', 'PX', retention)
            local tiles = tonumber(ARGV[a])
            a = a + 1
            for t = 1, tiles do
                local key, op, value = KEYS[k + t], ARGV[a], ARGV[a + 1]
                if fresh then
                    local created = false
                    if op == 'c' then
                        created = redis.call('INCRBY', key, value) == tonumber(value)
                    elseif op == 'i' then
                        local sum = redis.pcall('INCRBY', key, value)
                        if type(sum) == 'number' then
                            created = sum == tonumber(value)
                        else
                            redis.call('INCRBYFLOAT', key, value)
                        end
                    elseif op == 's' then
                        created = tonumber(redis.call('INCRBYFLOAT', key, value)) == tonumber(value)
                    else
                        local current = redis.call('GET', key)
                        if not current or (op == 'm' and tonumber(value) > tonumber(current)) or (op == 'n' and tonumber(value) < tonumber(current)) then
                            redis.call('SET', key, value)
                            created = true
                        end
                    end
                    if created then
                        redis.call('PEXPIREAT', key, ARGV[a + 2])
                    end
                end
                a = a + 3
            end
            if not fresh then
                duplicates = duplicates + 1
            end
            k = k + tiles + 1
        end
        return duplicates
        """;

    /// <summary>What the 503 of a failed event write tells the client.</summary>
    private const string RetryAdvice = "Retrying the whole request is safe for events with an eventId: each is counted once. " +
        "Events without an eventId that were already applied would be counted again.";

    private readonly TimeSpan eventIdRetention = options.Value.EventIdRetention;

    /// <summary>
    /// The most events one exactly-once script handles: with three tile series an event is four to seven commands, so
    /// a script runs at most about 230 commands (well under a millisecond of the store's time) however many events
    /// a request carries. Each event stays atomic with its id; the request as a whole is not (see RetryAdvice).
    /// </summary>
    public const int MaxEventsPerScript = 32;

    /// <summary>
    /// The most events with ids sent to the store before their answers are awaited (about 2 ms of the store's time
    /// on this machine's redis-server): what an extract sent meanwhile may wait behind.
    /// </summary>
    public const int MaxEventsPerWave = 256;

    /// <summary>
    /// Writes the events into the tiles of <paramref name="registry"/>'s series; returns how many carried an id already
    /// accepted for their instance (not counted again).
    /// </summary>
    public async Task<int> WriteAsync(FeatureRegistry registry, IReadOnlyList<LiveEvent> events)
    {
        var now = time.GetUtcNow();
        var database = redis.GetDatabase();
        // An id is remembered at least as long as the longest window, or a retry could count again inside it.
        var eventIdRetentionMs = (long)Math.Max(eventIdRetention.TotalMilliseconds, registry.LongestWindow.TotalMilliseconds);
        var tiles = new Dictionary<(EntityKey Key, int Series, long Tile), TileDelta>();
        // Each hash slot's current script, and every script in order: events with ids go out in scripts of at most
        // MaxEventsPerScript events, since the store runs a script without pausing for anyone else. A script's keys must
        // share a slot on a cluster; a single server has none (-1), so there events of many users share a script: a
        // thousand events of a thousand users are 32 scripts, not a thousand, and each script call costs the store more
        // than the event it carries.
        Dictionary<int, ExactlyOnceBatch>? withIds = null;
        List<ExactlyOnceBatch>? scripts = null;
        foreach (var e in events)
        {
            ExactlyOnceBatch? batch = null;
            if (e.EventId is not null)
            {
                withIds ??= [];
                scripts ??= [];
                var eventIdKey = FeatureKeys.EventId(e.Stream.Entity, e.Key, e.EventId);
                var slot = redis.HashSlot(eventIdKey);
                if (!withIds.TryGetValue(slot, out batch) || batch.Events == MaxEventsPerScript)
                {
                    withIds[slot] = batch = new ExactlyOnceBatch(eventIdRetentionMs);
                    scripts.Add(batch);
                }
                batch.Add(eventIdKey);
            }
            foreach (var series in e.Stream.Entity.Series)
            {
                if (series.Stream != e.Stream)
                {
                    continue;
                }
                var tile = series.TileIndex(e.Timestamp);
                var expiresAt = series.TileStart(tile) + series.Retention;
                if (expiresAt <= now)
                {
                    continue; // Already out of every window that reads this series.
                }
                if (batch is not null)
                {
                    batch.AddTile(FeatureKeys.LiveTile(e.Stream.Entity, e.Key, series, tile), series.Field, e.Value, expiresAt);
                    continue;
                }
                var key = (e.Key, series.Index, tile);
                tiles[key] = tiles.GetValueOrDefault(key, TileDelta.Empty).Add(e.Value);
            }
        }

        // Counts and sums in one transaction per hash slot (a user's tiles share one), sent together.
        var write = new StoreTransaction(redis, "event write", RetryAdvice);
        foreach (var ((instance, seriesIndex, tile), delta) in tiles)
        {
            var series = registry.TileSeries[seriesIndex];
            var key = FeatureKeys.LiveTile(series.Stream.Entity, instance, series, tile);
            var expiresAt = series.TileStart(tile) + series.Retention;
            if (series.Field is TileField.Max or TileField.Min)
            {
                write.Sent.Add(series.Field == TileField.Max
                    ? database.ScriptEvaluateAsync(MaxScript, [key], [delta.Max, expiresAt.ToUnixTimeMilliseconds()])
                    : database.ScriptEvaluateAsync(MinScript, [key], [delta.Min, expiresAt.ToUnixTimeMilliseconds()]));
                continue;
            }
            var transaction = write.For(key, commands: 2);
            write.Sent.Add(series.Field == TileField.Count
                ? transaction.StringIncrementAsync(key, delta.Count)
                : transaction.StringIncrementAsync(key, delta.Sum));
            write.Sent.Add(transaction.KeyExpireAsync(key, expiresAt.UtcDateTime));
        }
        // The exactly-once scripts go out in waves of about MaxEventsPerWave events, the first with the transactions.
        // FeatureApi's commands share one connection, which the store serves in order: sent all at once, 10,000 events
        // would queue every extract sent meanwhile behind all of their scripts (about 100 ms of the store's time),
        // where a wave holds it up for a few milliseconds at most.
        var duplicates = 0;
        var next = 0;
        int[] eventsPerScript = scripts is null ? [] : [.. scripts.Select(script => script.Events)];
        while (true)
        {
            var end = WaveEnd(eventsPerScript, next);
            var wave = new List<Task<RedisResult>>(end - next);
            for (; next < end; next++)
            {
                wave.Add(database.ScriptEvaluateAsync(ExactlyOnceScript, [.. scripts![next].Keys], [.. scripts[next].Arguments]));
            }
            write.Sent.AddRange(wave);
            await write.CommitAsync();
            foreach (var count in wave)
            {
                duplicates += (int)(await count);
            }
            if (next == eventsPerScript.Length)
            {
                return duplicates;
            }
            write = new StoreTransaction(redis, "event write", RetryAdvice);
        }
    }

    /// <summary>
    /// Where the wave of scripts that starts at <paramref name="start"/> ends (exclusive): as many scripts as fit in
    /// <see cref="MaxEventsPerWave"/> events, and at least one.
    /// </summary>
    internal static int WaveEnd(IReadOnlyList<int> eventsPerScript, int start)
    {
        var end = start;
        for (var events = 0; end < eventsPerScript.Count && (end == start || events + eventsPerScript[end] <= MaxEventsPerWave); end++)
        {
            events += eventsPerScript[end];
        }
        return end;
    }

    /// <summary>The largest whole number a double holds exactly (2^53): beyond it a sum is left to INCRBYFLOAT.</summary>
    private const double MaxExactWholeNumber = 9_007_199_254_740_992;

    /// <summary>The keys and arguments of one exactly-once script, event after event.</summary>
    private sealed class ExactlyOnceBatch(long retentionMs)
    {
        private int tileCountAt;

        public int Events { get; private set; }

        public List<RedisKey> Keys { get; } = [];
        public List<RedisValue> Arguments { get; } = [retentionMs];

        public void Add(RedisKey eventIdKey)
        {
            Events++;
            Keys.Add(eventIdKey);
            tileCountAt = Arguments.Count;
            Arguments.Add(0);
        }

        public void AddTile(RedisKey key, TileField field, double value, DateTimeOffset expiresAt)
        {
            Keys.Add(key);
            Arguments[tileCountAt] = (int)Arguments[tileCountAt] + 1;
            var whole = field == TileField.Sum && Math.Abs(value) <= MaxExactWholeNumber && value == Math.Floor(value);
            Arguments.Add(field switch { TileField.Count => "c", TileField.Sum => whole ? "i" : "s", TileField.Min => "n", _ => "m" });
            Arguments.Add(field == TileField.Count ? 1 : whole ? (long)value : value);
            Arguments.Add(expiresAt.ToUnixTimeMilliseconds());
        }
    }

    private readonly record struct TileDelta(long Count, double Sum, double Max, double Min)
    {
        public static readonly TileDelta Empty = new(0, 0, double.NegativeInfinity, double.PositiveInfinity);

        public TileDelta Add(double value) => new(Count + 1, Sum + value, Math.Max(Max, value), Math.Min(Min, value));
    }
}
