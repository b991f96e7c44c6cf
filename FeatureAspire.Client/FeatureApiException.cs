using System.Net;

namespace FeatureAspire.Client;

/// <summary>
/// FeatureApi refused a request or could not serve it: a 400 (<see cref="Errors"/> names the fields, or the places in
/// a repository document), 401 or 403 (the API key), 404, 409 (another repository version was applied first, see
/// <see cref="FeatureApiProblem.CurrentRegistryVersion"/>), 413 (body too large), 422 (a repository document with
/// breaking changes sent without force, see <see cref="FeatureApiProblem.PlanLines"/>), 429 (rate limited, see
/// <see cref="RetryAfter"/>), 503 (the store is unavailable for a write or a read outside extraction) or 507 (the
/// store is full). A degraded extract is not an exception: it is an answer whose <see cref="FeatureVector.Degraded"/> is true.
/// From <see cref="FeatureApiGrpcClient"/> the status is the HTTP status FeatureApi maps to the call's gRPC code, the
/// errors are its google.rpc.BadRequest's, and the <c>RpcException</c> is the inner exception.
/// </summary>
public sealed class FeatureApiException : Exception
{
    /// <summary>Creates the exception for a refused request.</summary>
    /// <param name="statusCode">The status FeatureApi answered.</param>
    /// <param name="message">A sentence naming the request and what FeatureApi objected to.</param>
    /// <param name="problem">The problem document FeatureApi sent, if any.</param>
    /// <param name="retryAfter">When FeatureApi asked to be retried, if it did.</param>
    public FeatureApiException(HttpStatusCode statusCode, string message, FeatureApiProblem? problem = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        Problem = problem;
        RetryAfter = retryAfter;
    }

    /// <summary>A refusal that arrived as another transport's error (a gRPC status), kept as the inner exception.</summary>
    internal FeatureApiException(HttpStatusCode statusCode, string message, FeatureApiProblem? problem, TimeSpan? retryAfter, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Problem = problem;
        RetryAfter = retryAfter;
    }

    /// <summary>The status FeatureApi answered.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem document FeatureApi sent, or null when the answer had none.</summary>
    public FeatureApiProblem? Problem { get; }

    /// <summary>Field → what is wrong with it, for a 400; empty otherwise.</summary>
    public IReadOnlyDictionary<string, string[]> Errors => Problem?.Errors ?? EmptyErrors;

    /// <summary>How long FeatureApi asked the caller to wait (the <c>Retry-After</c> of a 429 or 503), if it did.</summary>
    public TimeSpan? RetryAfter { get; }

    private static readonly IReadOnlyDictionary<string, string[]> EmptyErrors = new Dictionary<string, string[]>();
}
