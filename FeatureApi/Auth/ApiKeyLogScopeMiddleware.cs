namespace FeatureApi.Auth;

/// <summary>
/// Puts the caller's key name (never the key) on every log line written while its request runs. The key comes with the
/// principal the authentication handler set (<see cref="ApiKeyPrincipal"/>), so no lookup and no allocation here.
/// </summary>
internal sealed class ApiKeyLogScopeMiddleware(RequestDelegate next, ILogger<ApiKeyLogScopeMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context) =>
        context.User is ApiKeyPrincipal { Key: var key } ? InvokeInScopeAsync(context, key) : next(context);

    private async Task InvokeInScopeAsync(HttpContext context, ApiKeyRing.KnownKey key)
    {
        using (logger.BeginScope(key.LogScope))
        {
            await next(context);
        }
    }
}
