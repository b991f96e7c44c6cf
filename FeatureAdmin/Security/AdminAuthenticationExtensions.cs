using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeatureAdmin.Security;

/// <summary>
/// Cookie authentication for the one admin: every page, export and gateway call needs a signed-in session. Pages
/// send an anonymous visitor to <c>/login</c>; machine paths (<c>/api</c>, <c>/exports</c>) answer 401/403 problems,
/// since a redirect to an HTML form helps no HTTP client.
/// </summary>
public static class AdminAuthenticationExtensions
{
    public const string LoginPath = "/login";
    public const string LogoutPath = "/logout";

    public static IHostApplicationBuilder AddAdminAuthentication(this IHostApplicationBuilder builder)
    {
        var password = builder.Configuration[$"{AdminOptions.SectionName}:{nameof(AdminOptions.Password)}"];
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException(
                "FeatureAdmin needs a password: set configuration Admin:Password (environment Admin__Password). " +
                "The AppHost generates one as the secret parameter 'admin-password' (see the dashboard's Parameters tab).");
        }
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        builder.Services.AddSingleton<AdminPassword>();
        builder.Services.AddSingleton<AdminSession>();
        builder.Services.AddOptions<SignInLimits>().BindConfiguration(SignInLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SignInThrottle>();

        builder.Services.AddAuthentication(AdminSession.Scheme).AddCookie(AdminSession.Scheme, cookie =>
        {
            cookie.LoginPath = LoginPath;
            cookie.LogoutPath = LogoutPath;
            cookie.Cookie.Name = AdminSession.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.Events.OnRedirectToLogin = context => AnswerOrRedirectAsync(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => AnswerOrRedirectAsync(context, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddProblemDetails();
        return builder;
    }

    private static bool IsMachinePath(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/exports");

    private static async Task AnswerOrRedirectAsync(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!IsMachinePath(context.Request.Path))
        {
            context.Response.Redirect(context.RedirectUri);
            return;
        }
        context.Response.StatusCode = status;
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = status,
                Title = status == StatusCodes.Status401Unauthorized ? "Sign in to the admin first." : "Not allowed.",
                Detail = "The admin's gateway forwards only for a signed-in admin session.",
            },
        });
    }
}
