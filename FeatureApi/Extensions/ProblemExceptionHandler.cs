using System.Text.Json;
using FeatureApi.Diagnostics;
using FeatureApi.Requests;
using FeatureApi.Store;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FeatureApi.Extensions;

/// <summary>
/// The failures a client can act on, answered as problems rather than 500s: a body that cannot be bound (400 naming
/// the field, or 415 when it is not JSON), a body over the size limit (413), a
/// write the store refuses because its memory bound is reached (507: reads keep working, the operator must make
/// room), and a store that does not complete a write or read outside the extract pipeline (503, retry shortly; for a
/// write, whether retrying the whole request is safe).
/// Extracts never get here: they degrade instead.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, FeatureMetrics metrics, IOptions<JsonOptions> json)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } unbound)
        {
            return await WriteUnboundBodyAsync(httpContext, unbound);
        }
        var (status, title, detail) = exception switch
        {
            // A body other than JSON (the repository's YAML) names its own media types in the exception.
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } unsupported =>
                unsupported.Message == RequestProblems.UnsupportedMediaTypeTitle
                    ? (StatusCodes.Status415UnsupportedMediaType, RequestProblems.UnsupportedMediaTypeTitle, RequestProblems.UnsupportedMediaTypeDetail)
                    : (StatusCodes.Status415UnsupportedMediaType, RequestProblems.RepositoryMediaTypeTitle, unsupported.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge =>
                (tooLarge.StatusCode, "The request body is too large.", tooLarge.Message),
            RedisServerException outOfMemory when StoreTransaction.IsOutOfMemory(outOfMemory) =>
                (StatusCodes.Status507InsufficientStorage, "The feature store is full.",
                    "The store refused the write because its memory limit is reached; nothing was written. Reads keep working."),
            StoreWriteIncompleteException incomplete =>
                (StatusCodes.Status503ServiceUnavailable, "The feature store is unavailable.", incomplete.Message),
            RedisException or RedisTimeoutException =>
                (StatusCodes.Status503ServiceUnavailable, "The feature store is unavailable.",
                    "The store did not complete the operation; retry shortly."),
            _ => (0, null, null),
        };
        if (status == 0)
        {
            return false;
        }

        if (status == StatusCodes.Status507InsufficientStorage)
        {
            metrics.WritesRefusedForMemory.Add(1);
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }
        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>A body the framework could not bind: a 400 that names the field, as validation errors do.</summary>
    private ValueTask<bool> WriteUnboundBodyAsync(HttpContext httpContext, BadHttpRequestException unbound)
    {
        var error = unbound is RequestBodyException invalid
            ? RequestBodyError.Of(invalid.Error, invalid.BodyType, json.Value.SerializerOptions)
            : RequestBodyError.NotAnObject;
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [error.Field] = [error.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
            },
        });
    }

}
