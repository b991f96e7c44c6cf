using System.Diagnostics;
using System.Net;
using FeatureAspire.Bench.Http;
using HdrHistogram;

namespace FeatureAspire.Bench.Load;

/// <summary>
/// N connections, each sending its next request as soon as the previous answer arrives. Latency is from send to
/// answer; throughput is what the system sustains at that concurrency.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(IPEndPoint endpoint, RequestSet requests, int connections,
        TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => HttpConnection.OpenAsync(endpoint, cancellationToken)));
        try
        {
            var phase = LoadPhase.StartingNow(warmup, duration);
            var workers = opened.Select((connection, i) => Task.Run(() => WorkAsync(connection, requests, i * 997L, phase, cancellationToken), cancellationToken));
            var results = await Task.WhenAll(workers);

            return WorkerResult.Merge(results, phase, requests.Entities);
        }
        finally
        {
            foreach (var connection in opened)
            {
                connection.Dispose();
            }
        }
    }

    private static async Task<WorkerResult> WorkAsync(HttpConnection connection, RequestSet requests, long next,
        LoadPhase phase, CancellationToken cancellationToken)
    {
        var result = new WorkerResult(LoadResult.NewHistogram());
        while (true)
        {
            var sent = Stopwatch.GetTimestamp();
            if (sent >= phase.End || cancellationToken.IsCancellationRequested)
            {
                return result;
            }
            connection.Send(requests[next++]);
            var response = await connection.ReceiveAsync(cancellationToken);
            var answered = Stopwatch.GetTimestamp();
            if (phase.IsMeasured(sent))
            {
                result.Record(LoadResult.ToNanoseconds(answered - sent), response);
            }
        }
    }
}

/// <summary>One worker's counts, merged after the run so the hot loop never shares a cache line.</summary>
internal sealed class WorkerResult(LongHistogram latency)
{
    public LongHistogram Latency { get; } = latency;
    public long Requests { get; private set; }
    public long Errors { get; private set; }
    public long Degraded { get; private set; }
    public long Bytes { get; private set; }

    public void Record(long nanoseconds, HttpResponse response) =>
        Record(nanoseconds, response.Status is >= 200 and < 300, response.Degraded, response.BodyBytes);

    public void Record(long nanoseconds, bool ok, bool degraded, long bytes)
    {
        Latency.RecordValue(Math.Max(1, nanoseconds));
        Requests++;
        Bytes += bytes;
        if (!ok)
        {
            Errors++;
        }
        if (degraded)
        {
            Degraded++;
        }
    }

    /// <summary>A failure with no answer to time (a gRPC stream that ended with an error status).</summary>
    public void CountError() => Errors++;

    /// <summary>The workers' counts as one closed-loop result over the phase's measured window.</summary>
    public static LoadResult Merge(IReadOnlyCollection<WorkerResult> results, LoadPhase phase, int entities)
    {
        var latency = LoadResult.NewHistogram();
        foreach (var result in results)
        {
            latency.Add(result.Latency);
        }
        return new LoadResult
        {
            Latency = latency,
            Seconds = phase.Seconds,
            Requests = results.Sum(r => r.Requests),
            Errors = results.Sum(r => r.Errors),
            Degraded = results.Sum(r => r.Degraded),
            ResponseBytes = results.Sum(r => r.Bytes),
            Entities = entities,
        };
    }
}
