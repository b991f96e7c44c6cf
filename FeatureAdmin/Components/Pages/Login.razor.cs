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

    [CascadingParameter] public required HttpContext HttpContext { get; set; }

    [SupplyParameterFromForm(FormName = "login")] public string? Password { get; set; }

    [SupplyParameterFromQuery] public string? ReturnUrl { get; set; }

    [Inject] public required AdminPassword AdminPassword { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ILogger<Login> Logger { get; init; }

    private async Task SignInAsync()
    {
        if (!AdminPassword.Matches(Password))
        {
            failed = true;
            LogRefused(Logger, HttpContext.Connection.RemoteIpAddress?.ToString());
            return;
        }
        await HttpContext.SignInAsync(AdminSession.Scheme, AdminSession.Principal());
        Navigation.NavigateTo(IsLocal(ReturnUrl) ? ReturnUrl! : "/", forceLoad: true);
    }

    /// <summary>Only a path on this site: an open redirect would let a link send the admin anywhere after signing in.</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin sign-in refused (wrong password) from {RemoteAddress}.")]
    private static partial void LogRefused(ILogger logger, string? remoteAddress);
}
