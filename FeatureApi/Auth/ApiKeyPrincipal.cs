using System.Security.Claims;

namespace FeatureApi.Auth;

/// <summary>
/// Who a request carrying a known key is: its name and scopes as claims, and the key itself, so middleware after
/// authentication reads the key from <c>HttpContext.User</c> rather than looking it up again. One per key, shared by
/// all its requests (read-only).
/// </summary>
internal sealed class ApiKeyPrincipal(ApiKeyRing.KnownKey key, IEnumerable<string> scopes)
    : ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, key.Name), .. scopes.Distinct().Select(s => new Claim(ApiKeyRing.ScopeClaim, s))],
        ApiKeyAuthenticationHandler.SchemeName))
{
    public ApiKeyRing.KnownKey Key { get; } = key;
}
