using System.Diagnostics;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FeatureApi.Auth;

/// <summary>
/// The <c>ApiKey</c> scheme: a request names its caller with the <c>X-API-Key</c> header. No key or an unknown
/// key is challenged with 401 and <c>WWW-Authenticate: ApiKey</c>, a key without the route's scope is forbidden
/// with 403, both as problem details. The key's name (never the key) is tagged on the request's trace. Failed
/// authentications are counted per client address (<see cref="FailedAuthenticationThrottle"/>): an address past its
/// limit is answered 429 before any key is compared.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyRing keys, FailedAuthenticationThrottle throttle, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-API-Key";

    /// <summary>The tag on the HTTP server span naming the caller's key.</summary>
    public const string KeyNameTag = "featureapi.api_key.name";

    private static readonly Task<AuthenticateResult> NoKey = Task.FromResult(AuthenticateResult.NoResult());
    private static readonly Task<AuthenticateResult> UnknownKey = Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
    private static readonly Task<AuthenticateResult> Throttled = Task.FromResult(AuthenticateResult.Fail("Too many failed authentications from this address."));

    /// <summary>Set when this request's address was refused before its key was looked at.</summary>
    private TimeSpan? throttledFor;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        ApiKeyRing.KnownKey? key;
        if (!keys.Disabled && throttle.IsRefused(Context.Connection.RemoteIpAddress, out var retryAfter))
        {
            throttledFor = retryAfter;
            return Throttled;
        }
        if (keys.Disabled)
        {
            key = keys.Open;
        }
        else if (Request.Headers.TryGetValue(HeaderName, out var presented) && presented.Count == 1 && presented[0] is { Length: > 0 } value)
        {
            key = keys.Find(value);
        }
        else
        {
            return NoKey;
        }
        if (key is null)
        {
            return UnknownKey;
        }
        Activity.Current?.SetTag(KeyNameTag, key.Name);
        return key.ResultTask;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var retryAfter = throttledFor ?? TimeSpan.Zero;
        if (throttledFor is not null || !throttle.TryCountFailure(Context.Connection.RemoteIpAddress, out retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many failed authentications from this address.",
                $"Requests without a valid API key are limited per address (RateLimits:FailedAuthentication); retry after {seconds} s with a valid key.");
        }
        Response.Headers.WWWAuthenticate = SchemeName;
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "An API key is required.",
            $"Send a valid API key in the {HeaderName} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "The API key lacks the scope this endpoint needs.",
            $"Reading features needs {ApiScopes.Read}; writing users and events needs {ApiScopes.Write}.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
