using System.Net;
using Google.Rpc;
using Grpc.Core;

namespace FeatureAspire.Client;

/// <summary>
/// A gRPC status from FeatureService as the <see cref="FeatureApiException"/> the JSON client throws for the same
/// refusal: the HTTP status FeatureApi maps to that gRPC code, the field errors of the status's google.rpc.BadRequest
/// named as the JSON problem names them, and the RetryInfo delay as <see cref="FeatureApiException.RetryAfter"/>.
/// </summary>
internal static class GrpcRefusals
{
    public static Exception Refused(RpcException error, string method, FeatureApiCall call, CancellationToken cancellationToken)
    {
        // The caller gave up: the same exception an HttpClient call throws, not a refusal.
        if (error.StatusCode == Grpc.Core.StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException(error.Status.Detail, error, cancellationToken);
        }
        var details = error.GetRpcStatus();
        var retryAfter = details?.GetDetail<RetryInfo>()?.RetryDelay?.ToTimeSpan();
        var status = HttpStatusOf(error.StatusCode, retryAfter is not null);
        var errors = details?.GetDetail<BadRequest>()?.FieldViolations
            .GroupBy(violation => violation.Field)
            .ToDictionary(field => field.Key, field => field.Select(violation => violation.Description).ToArray());
        var problem = new FeatureApiProblem(Type: null, Title: null, (int)status, NullIfEmpty(error.Status.Detail), Instance: method, errors, TraceId: null);
        var said = FeatureApiTransport.Describe(problem);
        var message = $"FeatureApi answered {error.StatusCode} ({(int)status} {status}) to {method}{(said is null ? "." : ": " + said)}";
        call.Refused(error.StatusCode, message);
        return new FeatureApiException(status, message, problem, retryAfter, error);
    }

    /// <summary>The inverse of FeatureApi's own mapping (a 429 and a 413 are both RESOURCE_EXHAUSTED; only the 429 says when to retry).</summary>
    private static HttpStatusCode HttpStatusOf(Grpc.Core.StatusCode code, bool retryInfo) => code switch
    {
        Grpc.Core.StatusCode.InvalidArgument => HttpStatusCode.BadRequest,
        Grpc.Core.StatusCode.Unauthenticated => HttpStatusCode.Unauthorized,
        Grpc.Core.StatusCode.PermissionDenied => HttpStatusCode.Forbidden,
        Grpc.Core.StatusCode.NotFound => HttpStatusCode.NotFound,
        Grpc.Core.StatusCode.ResourceExhausted => retryInfo ? HttpStatusCode.TooManyRequests : HttpStatusCode.RequestEntityTooLarge,
        Grpc.Core.StatusCode.Unavailable => HttpStatusCode.ServiceUnavailable,
        Grpc.Core.StatusCode.DeadlineExceeded => HttpStatusCode.GatewayTimeout,
        Grpc.Core.StatusCode.Unimplemented => HttpStatusCode.NotImplemented,
        _ => HttpStatusCode.InternalServerError,
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
