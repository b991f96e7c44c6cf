using FeatureAspire.Client;

namespace FeatureAdmin.Api;

/// <summary>A featureapi answer or the sentence that says why there is none.</summary>
public readonly record struct ApiResult<T>(T? Value, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>Turns featureapi calls into values at the page edge, so pages show failures instead of throwing them.</summary>
public static class ApiCall
{
    public static async Task<ApiResult<T>> TryAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return new(await call(cancellationToken), null);
        }
        catch (Exception exception)
        {
            return new(default, Describe(exception));
        }
    }

    public static Task<ApiResult<bool>> TryAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        TryAsync(async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);

    /// <summary>A sentence for a message bar, whatever went wrong on the way to featureapi.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        // The client's message already names the request, the status and what featureapi objected to.
        FeatureApiException refused => refused.Message,
        OperationCanceledException => "Cancelled.",
        TimeoutException => "featureapi did not answer in time.",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } =>
            "featureapi cannot be reached. Is it running? (Check its state in the Aspire dashboard.)",
        HttpRequestException http => $"The request to featureapi failed: {http.Message}",
        System.Text.Json.JsonException => "featureapi answered with JSON the admin does not understand.",
        _ => $"Unexpected error: {exception.Message}",
    };
}
