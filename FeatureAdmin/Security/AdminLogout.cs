using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeatureAdmin.Security;

/// <summary>Sign-out as a POST with the header form's antiforgery token, so another site cannot sign the admin out.</summary>
public static class AdminLogout
{
    public static IEndpointRouteBuilder MapAdminLogout(this IEndpointRouteBuilder app)
    {
        app.MapPost(AdminAuthenticationExtensions.LogoutPath, SignOutAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        // Checked here: minimal APIs enforce antiforgery only for a handler that binds a form, and this one binds none.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem("The sign-out did not carry the admin's antiforgery token, so it may have been sent by another site.",
                statusCode: StatusCodes.Status400BadRequest, title: "Sign-out refused.");
        }
        await context.SignOutAsync(AdminSession.Scheme);
        return TypedResults.LocalRedirect(AdminAuthenticationExtensions.LoginPath);
    }
}
