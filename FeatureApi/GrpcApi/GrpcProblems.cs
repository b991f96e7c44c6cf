using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.Mvc;

namespace FeatureApi.GrpcApi;

/// <summary>
/// The JSON API's problems as gRPC statuses with the google.rpc details a client can act on, one mapping for errors
/// raised in the service and problems written before it (<see cref="GrpcProblemDetailsWriter"/>): a validation problem
/// is INVALID_ARGUMENT with a BadRequest naming the problem's fields (bounded as the problem is), 401 UNAUTHENTICATED,
/// 403 PERMISSION_DENIED, 429 RESOURCE_EXHAUSTED with RetryInfo, 413 RESOURCE_EXHAUSTED without (no wait helps),
/// 503 UNAVAILABLE with RetryInfo, 404 (an unknown service or method) UNIMPLEMENTED. The status message is the problem's one-sentence detail, or its title.
/// </summary>
internal static class GrpcProblems
{
    public static Google.Rpc.Status ToStatus(ProblemDetails problem, int? retryAfterSeconds)
    {
        var status = new Google.Rpc.Status { Code = (int)CodeOf(problem.Status), Message = problem.Detail ?? problem.Title ?? "" };
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            var badRequest = new BadRequest();
            foreach (var (field, messages) in validation.Errors)
            {
                foreach (var message in messages)
                {
                    badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = message });
                }
            }
            status.Details.Add(Any.Pack(badRequest));
        }
        if (retryAfterSeconds is { } seconds)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) }));
        }
        return status;
    }

    private static Code CodeOf(int? httpStatus) => httpStatus switch
    {
        StatusCodes.Status400BadRequest or StatusCodes.Status415UnsupportedMediaType => Code.InvalidArgument,
        StatusCodes.Status401Unauthorized => Code.Unauthenticated,
        StatusCodes.Status403Forbidden => Code.PermissionDenied,
        // No gRPC method answers 404: a gRPC request gets one only for a service or method FeatureApi does not have.
        StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed => Code.Unimplemented,
        StatusCodes.Status413PayloadTooLarge or StatusCodes.Status429TooManyRequests or StatusCodes.Status507InsufficientStorage => Code.ResourceExhausted,
        StatusCodes.Status503ServiceUnavailable => Code.Unavailable,
        _ => Code.Internal,
    };
}
