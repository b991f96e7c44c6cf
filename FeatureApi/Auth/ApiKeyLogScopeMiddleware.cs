namespace FeatureApi.Auth;

/// <summary>Puts the caller's key name (never the key) on every log line written while its request runs.</summary>
internal sealed class ApiKeyLogScopeMiddleware(RequestDelegate next, ApiKeyRing keys, ILogger<ApiKeyLogScopeMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } && keys.Named(name) is { } key
            ? InvokeInScopeAsync(context, key)
            : next(context);

    private async Task InvokeInScopeAsync(HttpContext context, ApiKeyRing.KnownKey key)
    {
        using (logger.BeginScope(key.LogScope))
        {
            await next(context);
        }
    }
}
