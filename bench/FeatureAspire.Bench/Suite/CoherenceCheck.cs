using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Load;
using FeatureAspire.Bench.Processes;
using FeatureAspire.Bench.Repositories;
using HdrHistogram;

namespace FeatureAspire.Bench.Suite;

/// <summary>What the Zipf soak's writer acknowledged and what its verifier read back (latencies in ms).</summary>
/// <summary>
/// Stale reads are told apart by entity (<see cref="StaleItems"/> of <see cref="Stale"/>), by when they happened (first
/// and last, in seconds since the check began) and by how long after the acknowledgement the read was sent (the largest).
/// </summary>
internal sealed record CoherenceResult(long Writes, long WriteErrors, double Seconds, double WriteP50Ms, double WriteP99Ms,
    long Reads, long ReadErrors, long DegradedReads, long Checks, long Stale, long StaleItems, string? FirstStale,
    double FirstStaleSecond, double LastStaleSecond, double MaxStaleAfterAckMs)
{
    public double WritesPerSecond => Seconds > 0 ? Writes / Seconds : 0;
}

/// <summary>
/// Does a near cache ever serve a value older than a write it acknowledged? A writer sends stored-feature writes at
/// <see cref="WriteRate"/> through one FeatureApi process, each key's values rising (one global counter), to the
/// hottest items (sku-1.., in nearly every Zipf candidate list) and to as many users; it records each key's last
/// acknowledged value. A verifier asks another process for ranking calls naming a hot user and every hot item, takes
/// the acknowledged values just before sending, and counts as stale every value in the answer below them: a read that
/// started after a write was acknowledged must see it or a later one.
/// </summary>
internal sealed class CoherenceCheck(FeatureApiServer writer, FeatureApiServer reader)
{
    public const int HotItems = 32;
    public const int HotUsers = 32;
    public const double WriteRate = 1_000;

    /// <summary>Writes in flight at once; each connection owns its keys, so a key's writes are acknowledged in order.</summary>
    public const int WriterConnections = 8;

    /// <summary>The verifier's pace: enough reads to catch a stale value many times a second, little of the machine.</summary>
    public static readonly TimeSpan ReadInterval = TimeSpan.FromMilliseconds(5);

    public static readonly string[] CheckedFeatures = [BenchRepositories.ItemPrice, "last_7d_clicks"];

    // Keys 0..HotItems-1 are items sku-1.., then users 1..HotUsers; each entry the last acknowledged value.
    private readonly long[] acknowledged = new long[HotItems + HotUsers];
    // When each key's last acknowledgement arrived (Stopwatch ticks), written before its value.
    private readonly long[] acknowledgedAt = new long[HotItems + HotUsers];
    private long sequence, started;
    private long writeErrors, reads, readErrors, degradedReads, checks, stale, staleItems;
    private string? firstStale;
    private double firstStaleSecond = double.NaN, lastStaleSecond = double.NaN, maxStaleAfterAckMs;

    public async Task<CoherenceResult> RunAsync(CancellationToken stop)
    {
        started = Stopwatch.GetTimestamp();
        var writers = Enumerable.Range(0, WriterConnections).Select(w => Task.Run(() => WriteAsync(w, stop), CancellationToken.None)).ToArray();
        var verifier = Task.Run(() => VerifyAsync(stop), CancellationToken.None);
        var latencies = await Task.WhenAll(writers);
        await verifier;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var latency = LoadResult.NewHistogram();
        foreach (var histogram in latencies)
        {
            latency.Add(histogram);
        }
        return new CoherenceResult(latency.TotalCount, writeErrors, seconds, latency.GetValueAtPercentile(50) / 1e6, latency.GetValueAtPercentile(99) / 1e6,
            reads, readErrors, degradedReads, checks, stale, staleItems, firstStale, firstStaleSecond, lastStaleSecond, maxStaleAfterAckMs);
    }

    private async Task<LongHistogram> WriteAsync(int connectionIndex, CancellationToken stop)
    {
        var latency = LoadResult.NewHistogram();
        var requests = new FeatureRequests(writer.Host);
        var keys = Enumerable.Range(0, acknowledged.Length).Where(k => k % WriterConnections == connectionIndex).ToArray();
        var interval = Stopwatch.Frequency * WriterConnections / WriteRate;
        using var connection = await HttpConnection.OpenAsync(writer.Endpoint, CancellationToken.None);
        var start = Stopwatch.GetTimestamp();
        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            // Paced by schedule: a write that runs late is followed at once by the next, so the rate holds on average.
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (long)(n * interval));
            if (wait > TimeSpan.Zero && !await DelayAsync(wait, stop))
            {
                break;
            }
            var key = keys[n % keys.Length];
            var value = Interlocked.Increment(ref sequence);
            var request = key < HotItems
                ? requests.WriteOne($"/api/entities/{BenchRepositories.ItemEntity}/{BenchRepositories.ItemKey(key + 1)}/features", BenchRepositories.ItemPrice, value)
                : requests.WriteOne($"/api/users/{key - HotItems + 1}/features", "last_7d_clicks", value);
            var sent = Stopwatch.GetTimestamp();
            connection.Send(request);
            // Not cancelled: a write in flight is waited for, so its acknowledgement is never lost.
            var response = await connection.ReceiveAsync(CancellationToken.None);
            latency.RecordValue(Math.Max(1, LoadResult.ToNanoseconds(Stopwatch.GetTimestamp() - sent)));
            // A write answers 204: acknowledged once every process with a cache has dropped the old value.
            if (response.Status is >= 200 and < 300)
            {
                Volatile.Write(ref acknowledgedAt[key], Stopwatch.GetTimestamp());
                Volatile.Write(ref acknowledged[key], value);
            }
            else
            {
                Interlocked.Increment(ref writeErrors);
            }
        }
        return latency;
    }

    private async Task VerifyAsync(CancellationToken stop)
    {
        var requests = new FeatureRequests(reader.Host);
        var hotItems = Enumerable.Range(1, HotItems).Select(i => (long)i).ToArray();
        var calls = Enumerable.Range(1, HotUsers).Select(user => RequestSet.Build("POST", FeatureRequests.CandidatesPath, reader.Host,
            string.Create(CultureInfo.InvariantCulture, $"{{\"entities\":{{\"user\":{user}}},") + FeatureRequests.CandidatesProperty(hotItems) +
            ",\"features\":[" + string.Join(',', CheckedFeatures.Select(f => $"\"{f}\"")) + "]}")).ToArray();
        using var connection = (await HttpConnection.OpenAsync(reader.Endpoint, CancellationToken.None)).CaptureBodies();
        var expected = new long[acknowledged.Length];
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var user = i % HotUsers;
            // What was acknowledged before the read is sent is what the read must see at least.
            for (var k = 0; k < expected.Length; k++)
            {
                expected[k] = Volatile.Read(ref acknowledged[k]);
            }
            var sent = Stopwatch.GetTimestamp();
            var (response, body) = await connection.ExchangeAsync(calls[user], CancellationToken.None);
            reads++;
            if (response.Status != 200)
            {
                readErrors++;
            }
            else if (response.Degraded)
            {
                // Unavailable features are defaults, not old values; the soak counts degraded answers anyway.
                degradedReads++;
            }
            else
            {
                Check(body, user, expected, sent);
            }
            if (!await DelayAsync(ReadInterval, stop))
            {
                break;
            }
        }
    }

    private void Check(string body, int user, long[] expected, long sent)
    {
        using var answer = JsonDocument.Parse(body);
        var first = true;
        foreach (var row in answer.RootElement.GetProperty("rows").EnumerateArray())
        {
            var item = int.Parse(row.GetProperty("key").GetString()!.AsSpan("sku-".Length), CultureInfo.InvariantCulture) - 1;
            var features = row.GetProperty("features");
            Compare(item, $"item sku-{item + 1} {BenchRepositories.ItemPrice}", features.GetProperty(BenchRepositories.ItemPrice).GetDouble(), expected[item], sent);
            if (first)
            {
                // Every row carries the user's value, read once: check it once.
                Compare(HotItems + user, $"user {user + 1} last_7d_clicks", features.GetProperty("last_7d_clicks").GetDouble(), expected[HotItems + user], sent);
                first = false;
            }
        }
    }

    private void Compare(int key, string what, double served, long atLeast, long sent)
    {
        checks++;
        if (served >= atLeast)
        {
            return;
        }
        stale++;
        staleItems += key < HotItems ? 1 : 0;
        var afterAck = Stopwatch.GetElapsedTime(Volatile.Read(ref acknowledgedAt[key]), sent).TotalMilliseconds;
        var second = Stopwatch.GetElapsedTime(started, sent).TotalSeconds;
        maxStaleAfterAckMs = Math.Max(maxStaleAfterAckMs, afterAck);
        lastStaleSecond = second;
        if (firstStale is null)
        {
            firstStaleSecond = second;
            firstStale = string.Create(CultureInfo.InvariantCulture, $"{what}: served {served}, acknowledged {atLeast} {afterAck:0.0} ms before the read was sent");
        }
    }

    /// <summary>Waits; false when the soak ended meanwhile.</summary>
    private static async Task<bool> DelayAsync(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            await Task.Delay(wait, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
