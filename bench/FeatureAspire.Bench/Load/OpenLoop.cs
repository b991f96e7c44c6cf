using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using FeatureAspire.Bench.Http;

namespace FeatureAspire.Bench.Load;

/// <summary>
/// Requests at a fixed rate whatever the answers do, with latency measured from each request's intended send time.
/// A pacer thread computes the schedule (start + k / rate) and hands each due request to an idle connection; when
/// every connection is busy the request waits in a queue, and that wait counts in its latency. A closed loop (or a
/// generator that sends "late" and measures from the actual send) would instead slow down with the server and hide
/// exactly the stalls users see: coordinated omission.
/// </summary>
internal sealed class OpenLoop
{
    private readonly object gate = new();
    private readonly Stack<Slot> idle = new();
    private readonly Queue<long> waiting = new();
    private readonly RequestSet requests;
    private readonly LoadPhase phase;
    private long nextRequest;

    private OpenLoop(RequestSet requests, LoadPhase phase)
    {
        this.requests = requests;
        this.phase = phase;
    }

    public static async Task<LoadResult> RunAsync(IPEndPoint endpoint, RequestSet requests, double rate, int connections,
        TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => HttpConnection.OpenAsync(endpoint, cancellationToken)));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loop = new OpenLoop(requests, LoadPhase.StartingNow(warmup, duration));
        var slots = opened.Select(c => new Slot(c, LoadResult.NewHistogram())).ToArray();
        try
        {
            foreach (var slot in slots)
            {
                loop.idle.Push(slot);
            }
            var receivers = slots.Select(slot => Task.Run(() => loop.ReceiveLoopAsync(slot, stop.Token), stop.Token)).ToArray();

            var lag = LoadResult.NewHistogram();
            var pacer = new Thread(() => loop.Pace(rate, lag, stop.Token)) { IsBackground = true, Name = "open-loop pacer" };
            pacer.Start();
            await Task.Run(pacer.Join, cancellationToken);

            // Let in-flight and queued requests finish, then count what never did.
            var grace = Stopwatch.GetTimestamp() + 2 * Stopwatch.Frequency;
            while (Stopwatch.GetTimestamp() < grace && loop.Outstanding(slots.Length) > 0)
            {
                await Task.Delay(5, cancellationToken);
            }
            var incomplete = loop.Outstanding(slots.Length);
            await stop.CancelAsync();
            await Task.WhenAll(receivers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));

            var latency = LoadResult.NewHistogram();
            foreach (var slot in slots)
            {
                latency.Add(slot.Result.Latency);
            }
            return new LoadResult
            {
                Latency = latency,
                Seconds = loop.phase.Seconds,
                Requests = slots.Sum(s => s.Result.Requests),
                Errors = slots.Sum(s => s.Result.Errors),
                Degraded = slots.Sum(s => s.Result.Degraded),
                ResponseBytes = slots.Sum(s => s.Result.Bytes),
                Entities = requests.Entities,
                TargetRate = rate,
                Incomplete = incomplete,
                PacerLagP99Ms = lag.TotalCount == 0 ? 0 : lag.GetValueAtPercentile(99) / 1e6,
            };
        }
        finally
        {
            foreach (var connection in opened)
            {
                connection.Dispose();
            }
        }
    }

    private int Outstanding(int connections)
    {
        lock (gate)
        {
            return waiting.Count + connections - idle.Count;
        }
    }

    private void Pace(double rate, HdrHistogram.LongHistogram lag, CancellationToken cancellationToken)
    {
        var period = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        for (long k = 0; !cancellationToken.IsCancellationRequested; k++)
        {
            var due = start + (long)(k * period);
            if (due >= phase.End)
            {
                return;
            }
            SleepUntil(due);
            lag.RecordValue(Math.Max(1, LoadResult.ToNanoseconds(Stopwatch.GetTimestamp() - due)));
            Dispatch(due);
        }
    }

    private void Dispatch(long intended)
    {
        Slot? slot;
        lock (gate)
        {
            if (!idle.TryPop(out slot))
            {
                waiting.Enqueue(intended);
                return;
            }
        }
        Send(slot, intended);
    }

    private void Send(Slot slot, long intended)
    {
        slot.Intended = intended;
        try
        {
            slot.Connection.Send(requests[Interlocked.Increment(ref nextRequest)]);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            slot.Failed = true; // the receive loop sees the dead socket and ends
        }
    }

    private async Task ReceiveLoopAsync(Slot slot, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && !slot.Failed)
        {
            var response = await slot.Connection.ReceiveAsync(cancellationToken);
            var answered = Stopwatch.GetTimestamp();
            if (phase.IsMeasured(slot.Intended))
            {
                slot.Result.Record(LoadResult.ToNanoseconds(answered - slot.Intended), response);
            }

            long next;
            lock (gate)
            {
                if (!waiting.TryDequeue(out next))
                {
                    idle.Push(slot);
                    continue;
                }
            }
            Send(slot, next);
        }
    }

    /// <summary>
    /// Sleeps to within the kernel's timer slack (~50-100 µs) of the due time without spinning a core away from the
    /// API. Lateness is recorded and reported; since latency counts from the intended time, it can only make the
    /// numbers worse, never better.
    /// </summary>
    private static void SleepUntil(long due)
    {
        while (true)
        {
            var remainingUs = (due - Stopwatch.GetTimestamp()) * 1_000_000 / Stopwatch.Frequency;
            if (remainingUs <= 20)
            {
                return;
            }
            if (remainingUs > 2_000)
            {
                Thread.Sleep((int)(remainingUs / 1000) - 1);
            }
            else
            {
                _ = NativeSleep.USleep((uint)remainingUs);
            }
        }
    }

    private sealed class Slot(HttpConnection connection, HdrHistogram.LongHistogram latency)
    {
        public HttpConnection Connection { get; } = connection;
        public WorkerResult Result { get; } = new(latency);
        public long Intended { get; set; }
        public bool Failed { get; set; }
    }
}

internal static partial class NativeSleep
{
    [LibraryImport("libc", EntryPoint = "usleep")]
    internal static partial int USleep(uint microseconds);
}
