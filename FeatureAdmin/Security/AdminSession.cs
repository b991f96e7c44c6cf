using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace FeatureAdmin.Security;

/// <summary>The signed-in admin's session: the principal a login creates and the cookie that carries it.</summary>
public sealed class AdminSession(IOptionsMonitor<CookieAuthenticationOptions> cookieOptions)
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = "featureadmin.session";
    public const string AdminName = "admin";

    public static ClaimsPrincipal Principal(string name = AdminName) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], Scheme));

    /// <summary>
    /// A session cookie for <paramref name="admin"/>, valid for <paramref name="lifetime"/>: the proxied probe sends it
    /// so its requests pass the gateway's rule exactly as a signed-in browser's do.
    /// </summary>
    public string CookieHeader(ClaimsPrincipal admin, TimeSpan lifetime)
    {
        var options = cookieOptions.Get(Scheme);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(admin, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + lifetime }, Scheme);
        return $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";
    }
}
