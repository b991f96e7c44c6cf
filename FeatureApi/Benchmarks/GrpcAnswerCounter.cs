using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureApi.Benchmarks;

/// <summary>
/// The server's own count of gRPC answers per method, for <c>bench/run</c>: a generator such as h2load sees HTTP
/// status 200 for every gRPC call, failed or not (the status travels in trailers), and cannot read a protobuf body, so
/// the bench reads calls ended OK or not, answers sent and degraded answers here (<c>GET /bench/grpc/answers</c>)
/// before and after a run. Registered only with <c>Benchmarks:Enabled=true</c>; it then runs on every gRPC call of
/// every generator alike.
/// </summary>
internal sealed class GrpcAnswerCounter : Interceptor
{
    private readonly ConcurrentDictionary<string, Counts> methods = new(StringComparer.Ordinal);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var counts = For(context.Method);
        try
        {
            var answer = await continuation(request, context);
            counts.Answered(answer);
            counts.Ended(ok: true);
            return answer;
        }
        catch
        {
            counts.Ended(ok: false);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var counts = For(context.Method);
        try
        {
            await continuation(requestStream, new CountingWriter<TResponse>(responseStream, counts), context);
            counts.Ended(ok: true);
        }
        catch
        {
            counts.Ended(ok: false);
            throw;
        }
    }

    /// <summary><c>{"/pkg.Service/Method":{"ok":…,"failed":…,"answers":…,"degraded":…},…}</c>, counted since the process started.</summary>
    public string Json()
    {
        var json = new StringBuilder("{");
        foreach (var (method, c) in methods)
        {
            json.Append(json.Length > 1 ? "," : "").Append(CultureInfo.InvariantCulture,
                $"\"{method}\":{{\"ok\":{Volatile.Read(ref c.Ok)},\"failed\":{Volatile.Read(ref c.Failed)},\"answers\":{Volatile.Read(ref c.Answers)},\"degraded\":{Volatile.Read(ref c.Degraded)}}}");
        }
        return json.Append('}').ToString();
    }

    private Counts For(string method) => methods.GetOrAdd(method, static _ => new Counts());

    private sealed class Counts
    {
        public long Ok, Failed, Answers, Degraded;

        public void Ended(bool ok) => Interlocked.Increment(ref ok ? ref Ok : ref Failed);

        public void Answered(object? answer)
        {
            Interlocked.Increment(ref Answers);
            if (IsDegraded(answer))
            {
                Interlocked.Increment(ref Degraded);
            }
        }

        private static bool IsDegraded(object? answer) => answer switch
        {
            Rpc.FeatureVector v => v.Degraded,
            Rpc.ExtractBatchResponse b => b.Results.Any(r => r.Degraded),
            Rpc.ExtractCandidatesResponse c => c.Degraded,
            _ => false,
        };
    }

    private sealed class CountingWriter<T>(IServerStreamWriter<T> inner, Counts counts) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public async Task WriteAsync(T message)
        {
            await inner.WriteAsync(message);
            counts.Answered(message);
        }

        public async Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(message, cancellationToken);
            counts.Answered(message);
        }
    }
}
