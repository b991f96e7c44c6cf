using System.Threading.Channels;
using Grpc.Core;

namespace FeatureApi.GrpcApi;

/// <summary>
/// Answers a stream of requests in request order while several are worked on at once: a reader starts each request's
/// answer as it arrives, at most <c>maxInFlight</c> ahead of the writer (past that it stops reading, and HTTP/2 flow
/// control holds the sender back), and the writer sends the answers in the order the requests came. The first failed
/// answer ends the stream once every answer before it has been sent; nothing after it is read. A caller that waits for
/// each answer before sending the next is simply served one at a time.
/// </summary>
internal static class InOrderStream
{
    public static async Task AnswerAsync<TRequest, TAnswer>(IAsyncStreamReader<TRequest> requests, IServerStreamWriter<TAnswer> responses,
        Func<TRequest, Task<TAnswer>> start, int maxInFlight, CancellationToken cancellationToken)
    {
        var answers = Channel.CreateBounded<Task<TAnswer>>(new BoundedChannelOptions(maxInFlight) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadAsync(requests, answers.Writer, start, stop.Token);
        try
        {
            await foreach (var answer in answers.Reader.ReadAllAsync(stop.Token))
            {
                await responses.WriteAsync(await answer, stop.Token);
            }
        }
        finally
        {
            await stop.CancelAsync();
            // The reader ends the channel with its own failure rather than throwing, so this never throws.
            await reading;
            while (answers.Reader.TryRead(out var abandoned))
            {
                // Answers started but never sent: their buffers are returned by their own extract; only observe failures.
                _ = abandoned.ContinueWith(static failed => _ = failed.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private static async Task ReadAsync<TRequest, TAnswer>(IAsyncStreamReader<TRequest> requests, ChannelWriter<Task<TAnswer>> answers,
        Func<TRequest, Task<TAnswer>> start, CancellationToken cancellationToken)
    {
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                var answer = Start(start, requests.Current);
                await answers.WriteAsync(answer, cancellationToken);
                if (answer.IsFaulted)
                {
                    break;
                }
            }
            answers.TryComplete();
        }
        catch (Exception ex)
        {
            answers.TryComplete(ex);
        }
    }

    /// <summary>A request refused before its answer starts (validation, rate limit) becomes a failed answer in its place.</summary>
    private static Task<TAnswer> Start<TRequest, TAnswer>(Func<TRequest, Task<TAnswer>> start, TRequest request)
    {
        try
        {
            return start(request);
        }
        catch (Exception ex)
        {
            return Task.FromException<TAnswer>(ex);
        }
    }
}
