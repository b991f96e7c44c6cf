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
            return new(default, FeatureApiException.Describe(exception));
        }
    }

    public static Task<ApiResult<bool>> TryAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        TryAsync(async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);
}
