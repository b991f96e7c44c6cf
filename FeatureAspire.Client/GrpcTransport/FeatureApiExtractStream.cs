using Grpc.Core;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureAspire.Client;

/// <summary>
/// One long-lived ExtractStream shared by any number of callers: <see cref="ExtractAsync"/> writes one message and
/// returns when its answer comes. FeatureApi answers a stream in request order, so answers are matched to callers by
/// the order their messages were written. An invalid message ends a stream (INVALID_ARGUMENT, after the answers before
/// it): its caller gets the refusal, and the messages written after it, never read, are sent again on a new stream, so
/// one caller's mistake is no one else's. Any other error ends the stream for every caller waiting on it; the next
/// extract opens a new one. <see cref="DisposeAsync"/> waits for the answers still due, then closes the stream.
/// </summary>
public sealed class FeatureApiExtractStream : IAsyncDisposable
{
    private readonly Func<AsyncDuplexStreamingCall<Rpc.ExtractRequest, Rpc.FeatureVector>> open;
    private readonly SemaphoreSlim writing = new(1, 1);
    private Session? current;
    private bool disposed;

    internal FeatureApiExtractStream(Func<AsyncDuplexStreamingCall<Rpc.ExtractRequest, Rpc.FeatureVector>> open) => this.open = open;

    /// <summary>Extracts one feature vector on the stream, as <see cref="FeatureApiGrpcClient.ExtractEntitiesAsync"/> does in a call of its own.</summary>
    /// <param name="entities">Entity name → key, for every entity the features read.</param>
    /// <param name="request">Request field name → value, for every request field the features use.</param>
    /// <param name="features">Features to return, in this order; null for <paramref name="featureSet"/> or the default set.</param>
    /// <param name="featureSet">A named feature set of the repository, instead of <paramref name="features"/>.</param>
    /// <param name="cancellationToken">
    /// Stops waiting for the answer (the message, once written, is still answered, and the answer dropped).
    /// </param>
    /// <returns>The vector, served from the repository version current when the message arrived.</returns>
    /// <exception cref="FeatureApiException">FeatureApi refused this message, or the stream failed before its answer.</exception>
    /// <exception cref="ObjectDisposedException">The stream was disposed.</exception>
    public async Task<FeatureVector> ExtractAsync(IReadOnlyDictionary<string, EntityKey> entities,
        IReadOnlyDictionary<string, double>? request = null, IReadOnlyList<string>? features = null, string? featureSet = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        using var call = FeatureApiCall.Start("extract_stream", instances: 1);
        var pending = new Pending(GrpcMessages.Extract(new EntityExtractRequest(entities, request, features, featureSet)), call);
        await SendAsync([pending], cancellationToken).ConfigureAwait(false);
        var vector = await pending.Answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        call.Degraded(vector.Degraded ? 1 : 0);
        return vector;
    }

    /// <summary>Waits for the answers still due, then closes the stream; extracts after this throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        Session? session;
        await writing.WaitAsync().ConfigureAwait(false);
        try
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            session = current;
        }
        finally
        {
            writing.Release();
        }
        // A stream that ends with an invalid message sends what followed it on a new one: close that too.
        while (session is not null)
        {
            await session.CloseAsync().ConfigureAwait(false);
            await writing.WaitAsync().ConfigureAwait(false);
            session = current == session ? null : current;
            writing.Release();
        }
    }

    /// <summary>Writes messages in order on the current stream, opening one when there is none or the last has ended.</summary>
    private async Task SendAsync(IReadOnlyList<Pending> messages, CancellationToken cancellationToken, bool resending = false)
    {
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Messages already accepted are sent again even while the stream is being disposed: their callers wait on them.
            ObjectDisposedException.ThrowIf(disposed && !resending, this);
            foreach (var message in messages)
            {
                // A stream found ended is replaced once; a new stream that has ended before its first message is a failure.
                current ??= new Session(this, open());
                if (!await current.TryWriteAsync(message).ConfigureAwait(false))
                {
                    current = new Session(this, open());
                    if (!await current.TryWriteAsync(message).ConfigureAwait(false))
                    {
                        throw new FeatureApiException(System.Net.HttpStatusCode.ServiceUnavailable, $"FeatureApi ended {Session.Method} as soon as it opened.");
                    }
                }
            }
        }
        finally
        {
            writing.Release();
        }
    }

    /// <summary>One message and the caller waiting for its answer.</summary>
    private sealed class Pending(Rpc.ExtractRequest message, FeatureApiCall call)
    {
        public Rpc.ExtractRequest Message { get; } = message;

        public FeatureApiCall Call { get; } = call;

        public TaskCompletionSource<FeatureVector> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One ExtractStream call: the messages written and not yet answered, in order, and the loop reading answers.</summary>
    private sealed class Session
    {
        public const string Method = $"{FeatureApiGrpcClient.ServiceName}/ExtractStream";

        private readonly FeatureApiExtractStream owner;
        private readonly AsyncDuplexStreamingCall<Rpc.ExtractRequest, Rpc.FeatureVector> call;
        private readonly Queue<Pending> unanswered = new();
        private readonly Task reading;
        private bool ended;

        public Session(FeatureApiExtractStream owner, AsyncDuplexStreamingCall<Rpc.ExtractRequest, Rpc.FeatureVector> call)
        {
            this.owner = owner;
            this.call = call;
            reading = ReadAsync();
        }

        /// <summary>
        /// Queues and writes <paramref name="message"/>, under the owner's write lock so messages are queued in the order
        /// they are written; false when the stream had already ended (nothing was queued).
        /// </summary>
        public async Task<bool> TryWriteAsync(Pending message)
        {
            lock (unanswered)
            {
                if (ended)
                {
                    return false;
                }
                unanswered.Enqueue(message);
            }
            try
            {
                // Not the caller's token: a write cancelled half-way would cancel the stream for everyone on it.
                await call.RequestStream.WriteAsync(message.Message, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
            {
                // The stream has ended: the reading loop fails or resends what is queued, this message included.
            }
            return true;
        }

        public async Task CloseAsync()
        {
            await owner.writing.WaitAsync().ConfigureAwait(false);
            try
            {
                await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
            {
                // Already ended: the reading loop has the reason.
            }
            finally
            {
                owner.writing.Release();
            }
            await reading.ConfigureAwait(false);
        }

        private async Task ReadAsync()
        {
            await Task.Yield();
            using var ending = call;
            try
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
                {
                    var vector = call.ResponseStream.Current;
                    Next()?.Answer.TrySetResult(GrpcMessages.Vector(vector, vector.RegistryVersion));
                }
                Fail(Drain(), new FeatureApiException(System.Net.HttpStatusCode.InternalServerError,
                    $"FeatureApi ended {Method} without answering every message."));
            }
            catch (RpcException error)
            {
                var waiting = Drain();
                if (waiting.Count == 0)
                {
                    return;
                }
                var refused = GrpcRefusals.Refused(error, Method, waiting[0].Call, CancellationToken.None);
                if (error.StatusCode == StatusCode.InvalidArgument)
                {
                    // The first unanswered message was the invalid one; the rest were never read.
                    waiting[0].Answer.TrySetException(refused);
                    await ResendAsync(waiting.GetRange(1, waiting.Count - 1)).ConfigureAwait(false);
                }
                else
                {
                    Fail(waiting, refused);
                }
            }
        }

        private async Task ResendAsync(List<Pending> messages)
        {
            if (messages.Count == 0)
            {
                return;
            }
            try
            {
                await owner.SendAsync(messages, CancellationToken.None, resending: true).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Fail(messages, ex);
            }
        }

        private Pending? Next()
        {
            lock (unanswered)
            {
                return unanswered.TryDequeue(out var next) ? next : null;
            }
        }

        /// <summary>Ends the session: nothing is queued after this, and what was queued is the caller's to answer.</summary>
        private List<Pending> Drain()
        {
            lock (unanswered)
            {
                ended = true;
                var waiting = unanswered.ToList();
                unanswered.Clear();
                return waiting;
            }
        }

        private static void Fail(List<Pending> waiting, Exception error)
        {
            foreach (var pending in waiting)
            {
                pending.Answer.TrySetException(error);
            }
        }
    }
}
