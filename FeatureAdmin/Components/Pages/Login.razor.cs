using System.Globalization;
using FeatureAdmin.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Pages;

/// <summary>
/// The admin's sign-in: a server-rendered form (the session cookie is set on its HTTP response) that checks the
/// password in constant time and returns to the page that asked for it.
/// </summary>
public sealed partial class Login : ComponentBase
{
    private bool failed;
    private TimeSpan? lockedOutFor;

    [CascadingParameter] public required HttpContext HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "login")] public string? Password { get; set; }

    [SupplyParameterFromQuery] public string? ReturnUrl { get; set; }

    [Inject] public required AdminPassword AdminPassword { get; init; }
    [Inject] public required SignInThrottle Throttle { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ILogger<Login> Logger { get; init; }

    private async Task SignInAsync()
    {
        var address = HttpContext.Connection.RemoteIpAddress;
        var attempt = Throttle.Begin(address);
        if (attempt.IsRefused)
        {
            // The password is not even looked at: a right guess during the lockout must not sign in either.
            lockedOutFor = attempt.RetryAfter;
            HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            LogLockedOut(Logger, address?.ToString(), RetryAfterSeconds);
            return;
        }
        if (!AdminPassword.Matches(Password))
        {
            failed = true;
            LogRefused(Logger, address?.ToString());
            return;
        }
        attempt.Succeeded();
        await HttpContext.SignInAsync(AdminSession.Scheme, AdminSession.Principal());
        Navigation.NavigateTo(IsLocal(ReturnUrl) ? ReturnUrl! : "/", forceLoad: true);
    }

    private long RetryAfterSeconds => (long)Math.Ceiling(lockedOutFor.GetValueOrDefault().TotalSeconds);

    /// <summary>Only a path on this site: an open redirect would let a link send the admin anywhere after signing in.</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin sign-in refused (wrong password) from {RemoteAddress}.")]
    private static partial void LogRefused(ILogger logger, string? remoteAddress);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Admin sign-in refused unchecked (too many wrong passwords) from {RemoteAddress}; it may try again in {RetryAfterSeconds} s.")]
    private static partial void LogLockedOut(ILogger logger, string? remoteAddress, long retryAfterSeconds);
}
