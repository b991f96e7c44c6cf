using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace FeatureApi.Extensions;

/// <summary>
/// Writes and reads outside the extract pipeline have no defaults to fall back on: when the store fails them the
/// client gets a 503 problem it can retry, not a 500. (Extracts never get here: they degrade instead.)
/// </summary>
internal sealed class StoreUnavailableExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (RedisException or RedisTimeoutException))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The feature store is unavailable.",
                Detail = "The store did not complete the operation; retry shortly. Transactional writes were applied whole or not at all.",
            },
        });
    }
}
