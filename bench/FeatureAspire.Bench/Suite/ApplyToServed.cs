using System.Diagnostics;
using System.Globalization;
using FeatureAspire.Bench.Http;
using FeatureAspire.Bench.Processes;

namespace FeatureAspire.Bench.Suite;

/// <summary>
/// Applies timed across two FeatureApi processes: each apply's round trip on the process that applied it, how often
/// that process served the new version on its very next answer, and the time from the apply's answer until the other
/// process first answered an extract with the new version (in ms; applies it never served within
/// <see cref="ApplyToServed.GiveUpAfter"/> are counted, not timed).
/// </summary>
internal sealed record ApplyToServedResult(IReadOnlyList<double> ApplyMs, IReadOnlyList<double> ServedAfterMs, int ServedAtOnceByApplier, int NotServed)
{
    public int Applies => ApplyMs.Count;

    /// <summary>Nearest rank: with 20 applies, p50 is the 10th fastest and p100 the slowest, both measured values.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// How long an applied repository version takes to reach another FeatureApi process on the same store. The other
/// process checks the store's version every quarter second by design (FeatureApi's RegistryRefresher), so this is
/// that interval's phase plus loading the version; polling it every few milliseconds measures it to within a poll.
/// </summary>
internal static class ApplyToServed
{
    public const string VersionHeader = "Registry-Version";

    /// <summary>FeatureApi's own check of the store's version (RegistryRefresher.CheckInterval): what the result is read against.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Tight against the quarter-second check it waits for, and still only a few hundred extracts a second.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(5);

    public static async Task<ApplyToServedResult> MeasureAsync(FeatureApiServer applier, FeatureApiServer other, IReadOnlyList<string> documents, int applies,
        long users, CancellationToken cancellationToken)
    {
        var applyRequests = documents.Select(new FeatureRequests(applier.Host).Apply).ToArray();
        var applierExtract = new FeatureRequests(applier.Host).Extract(users)[0];
        var otherExtract = new FeatureRequests(other.Host).Extract(users)[0];
        using var applying = (await HttpConnection.OpenAsync(applier.Endpoint, cancellationToken)).CaptureBodies();
        using var polling = (await HttpConnection.OpenAsync(other.Endpoint, cancellationToken)).CaptureBodies();
        var random = new Random(19);
        List<double> applyMs = [], servedAfterMs = [];
        var (servedAtOnce, notServed) = (0, 0);

        // Apply -1 is not measured: it replaces whatever the scenarios before applied, so every measured apply changes
        // only a description.
        for (var i = -1; i < applies; i++)
        {
            // Right after the previous version was served is right after the other process's check: wait a random part
            // of the interval so the applies land at random points of it, as a team's would.
            await Task.Delay(random.Next(0, (int)CheckInterval.TotalMilliseconds), cancellationToken);
            var sent = Stopwatch.GetTimestamp();
            var (applied, body) = await applying.ExchangeAsync(applyRequests[(i + 1) % applyRequests.Length], cancellationToken);
            var answered = Stopwatch.GetTimestamp();
            var version = FeatureRequests.AppliedVersion(applied.Status, body).ToString(CultureInfo.InvariantCulture);
            await applying.ExchangeAsync(applierExtract, cancellationToken);
            var servedByApplier = applying.LastHeader(VersionHeader) == version;
            var served = await PollAsync(polling, otherExtract, version, answered, cancellationToken);
            if (i < 0)
            {
                continue;
            }
            applyMs.Add(Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds);
            servedAtOnce += servedByApplier ? 1 : 0;
            if (served is { } ms)
            {
                servedAfterMs.Add(ms);
            }
            else
            {
                notServed++;
            }
        }
        return new ApplyToServedResult(applyMs, servedAfterMs, servedAtOnce, notServed);
    }

    /// <summary>Asks the other process for an extract every <see cref="PollInterval"/> until it answers with the version; ms since the apply's answer.</summary>
    private static async Task<double?> PollAsync(HttpConnection polling, byte[] extract, string version, long appliedAt, CancellationToken cancellationToken)
    {
        while (true)
        {
            var asked = Stopwatch.GetTimestamp();
            await polling.ExchangeAsync(extract, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(appliedAt);
            if (polling.LastHeader(VersionHeader) == version)
            {
                return elapsed.TotalMilliseconds;
            }
            if (elapsed > GiveUpAfter)
            {
                return null;
            }
            var wait = PollInterval - Stopwatch.GetElapsedTime(asked);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
        }
    }
}
