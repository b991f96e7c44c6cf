using System.Diagnostics;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FeatureApi.Auth;

/// <summary>
/// The <c>ApiKey</c> scheme: a request names its caller with the <c>X-API-Key</c> header. No key or an unknown
/// key is challenged with 401 and <c>WWW-Authenticate: ApiKey</c>, a key without the route's scope is forbidden
/// with 403, both as problem details. The key's name (never the key) is tagged on the request's trace.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyRing keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-API-Key";

    /// <summary>The tag on the HTTP server span naming the caller's key.</summary>
    public const string KeyNameTag = "featureapi.api_key.name";

    private static readonly Task<AuthenticateResult> NoKey = Task.FromResult(AuthenticateResult.NoResult());
    private static readonly Task<AuthenticateResult> UnknownKey = Task.FromResult(AuthenticateResult.Fail("Unknown API key."));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        ApiKeyRing.KnownKey? key;
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
