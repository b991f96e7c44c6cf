using FeatureApi.Pipeline;

namespace FeatureApi.GrpcApi;

/// <summary>
/// Awaits one extract for a gRPC call with the JSON API's deadline semantics. The pipeline bounds its store lookup by
/// FeatureServing's deadline and answers degraded past it, so FeatureApi's own deadline never fails a call. The call
/// waits no longer than its caller: when the caller's deadline passes or the caller cancels, the call's token fires and
/// the call stops waiting at once (gRPC reports DEADLINE_EXCEEDED or CANCELLED); the abandoned answer returns its
/// pooled buffers when the pipeline finishes, within FeatureApi's deadline.
/// </summary>
internal static class GrpcExtraction
{
    public static async Task<TAnswer> AnswerAsync<TAnswer>(Task<FeatureVectors> extraction, Func<FeatureVectors, TAnswer> answer,
        CancellationToken cancellationToken)
    {
        FeatureVectors vectors;
        try
        {
            vectors = await extraction.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ = extraction.ContinueWith(static done => done.Result.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
        using (vectors)
        {
            return answer(vectors);
        }
    }
}
