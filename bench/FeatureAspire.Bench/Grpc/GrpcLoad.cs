using System.Collections.Concurrent;
using System.Diagnostics;
using FeatureAspire.Bench.Load;
using FeatureAspire.Serving.V1;
using Grpc.Core;
using Grpc.Net.Client;
using static FeatureAspire.Bench.V1.BenchService;
using static FeatureAspire.Serving.V1.FeatureService;

namespace FeatureAspire.Bench.Grpc;

/// <summary>
/// Our generator's gRPC side: Grpc.Net.Client on one channel (one HTTP/2 connection, as a gRPC client keeps by
/// default), with the stubs generated from protos/. A closed loop of N concurrent unary calls, or N ExtractStream
/// streams each keeping <see cref="StreamWindow"/> messages in flight; every latency in an HdrHistogram per worker,
/// merged as the HTTP loops merge theirs.
/// </summary>
internal static class GrpcLoad
{
    /// <summary>
    /// Messages a stream keeps in flight: FeatureApi works on 32 of a stream's messages at once and reads no further
    /// until it has answered (FeatureGrpcService.StreamMessagesInFlight), so more would only queue in flow control.
    /// </summary>
    public const int StreamWindow = 32;

    /// <summary>N unary FeatureService.Extract calls in flight, each worker calling again as soon as it is answered.</summary>
    public static Task<LoadResult> ExtractAsync(Uri address, GrpcCalls calls, int concurrent, TimeSpan warmup, TimeSpan duration,
        CancellationToken cancellationToken) =>
        UnaryAsync(address, channel => new FeatureServiceClient(channel).ExtractAsync, calls, concurrent, warmup, duration, cancellationToken);

    /// <summary>The same loop on the gRPC ceiling (BenchService.Constant): what HTTP/2, gRPC and protobuf cost alone.</summary>
    public static Task<LoadResult> ConstantAsync(Uri address, GrpcCalls calls, int concurrent, TimeSpan warmup, TimeSpan duration,
        CancellationToken cancellationToken) =>
        UnaryAsync(address, channel => new BenchServiceClient(channel).ConstantAsync, calls, concurrent, warmup, duration, cancellationToken);

    private static async Task<LoadResult> UnaryAsync(Uri address,
        Func<GrpcChannel, Func<ExtractRequest, Metadata?, DateTime?, CancellationToken, AsyncUnaryCall<FeatureVector>>> method,
        GrpcCalls calls, int concurrent, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var call = method(channel);
        await channel.ConnectAsync(cancellationToken);
        var phase = LoadPhase.StartingNow(warmup, duration);
        var results = await Task.WhenAll(Enumerable.Range(0, concurrent).Select(i => Task.Run(async () =>
        {
            var result = new WorkerResult(LoadResult.NewHistogram());
            for (var next = i * 997L; ; next++)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= phase.End || cancellationToken.IsCancellationRequested)
                {
                    return result;
                }
                FeatureVector? answer = null;
                try
                {
                    using var pending = call(calls[next], GrpcCalls.Headers, null, cancellationToken);
                    answer = await pending.ResponseAsync;
                }
                catch (RpcException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Counted below as an error.
                }
                if (phase.IsMeasured(sent))
                {
                    result.Record(LoadResult.ToNanoseconds(Stopwatch.GetTimestamp() - sent), answer is not null, answer?.Degraded == true, answer?.CalculateSize() ?? 0);
                }
            }
        }, cancellationToken)));
        return WorkerResult.Merge(results, phase, entities: 1);
    }

    /// <summary>
    /// <paramref name="streams"/> ExtractStream calls on one channel, each writing its next message whenever fewer than
    /// <see cref="StreamWindow"/> are unanswered. Answers come in request order, so each one's latency is from its own
    /// message's send; a "request" in the result is one answer.
    /// </summary>
    public static async Task<LoadResult> StreamAsync(Uri address, GrpcCalls calls, int streams, TimeSpan warmup, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var client = new FeatureServiceClient(channel);
        await channel.ConnectAsync(cancellationToken);
        var phase = LoadPhase.StartingNow(warmup, duration);
        var results = await Task.WhenAll(Enumerable.Range(0, streams).Select(i =>
            Task.Run(() => OneStreamAsync(client, calls, i * 997L, phase, cancellationToken), cancellationToken)));
        return WorkerResult.Merge(results, phase, entities: 1);
    }

    private static async Task<WorkerResult> OneStreamAsync(FeatureServiceClient client, GrpcCalls calls, long next, LoadPhase phase,
        CancellationToken cancellationToken)
    {
        var result = new WorkerResult(LoadResult.NewHistogram());
        using var window = new SemaphoreSlim(StreamWindow);
        var sent = new ConcurrentQueue<long>();
        using var call = client.ExtractStream(GrpcCalls.Headers, cancellationToken: cancellationToken);
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var answer in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    var answered = Stopwatch.GetTimestamp();
                    sent.TryDequeue(out var at);
                    if (phase.IsMeasured(at))
                    {
                        result.Record(LoadResult.ToNanoseconds(answered - at), ok: true, answer.Degraded, answer.CalculateSize());
                    }
                    window.Release();
                }
            }
            finally
            {
                // A stream that ended early must not leave the writer waiting for room.
                window.Release(StreamWindow);
            }
        }, cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await window.WaitAsync(cancellationToken);
                var now = Stopwatch.GetTimestamp();
                if (now >= phase.End || reading.IsCompleted)
                {
                    break;
                }
                sent.Enqueue(now);
                await call.RequestStream.WriteAsync(calls[next++], cancellationToken);
            }
            if (!reading.IsCompleted)
            {
                await call.RequestStream.CompleteAsync();
            }
            await reading;
        }
        catch (RpcException) when (!cancellationToken.IsCancellationRequested)
        {
            // The stream ended with an error status: one error, and this stream sends no more.
            result.CountError();
        }
        return result;
    }
}
