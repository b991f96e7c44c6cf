using System.Globalization;
using Google.Protobuf;

namespace FeatureApi.GrpcApi;

/// <summary>
/// Problems written for a gRPC call before the service runs (authentication's 401 and 429, authorization's 403, the
/// exception handler's 503), sent as the gRPC status a client understands: HTTP 200, <c>application/grpc</c>, and the
/// status, message and google.rpc details in the headers of a trailers-only response. Without this, a client would see
/// only the HTTP status: it maps 429 to UNAVAILABLE and loses the message and the retry delay.
/// </summary>
internal sealed class GrpcProblemDetailsWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => IsGrpc(context.HttpContext.Request);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        int? retryAfter = int.TryParse(response.Headers.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
        var status = GrpcProblems.ToStatus(context.ProblemDetails, retryAfter);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
        return ValueTask.CompletedTask;
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);
}
