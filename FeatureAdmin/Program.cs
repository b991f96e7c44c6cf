using FeatureAdmin.Components;
using FeatureAdmin.Extensions;

namespace FeatureAdmin;

/// <summary>
/// The admin's entry point. A named class rather than top-level statements, so a test project referencing both the
/// admin and featureapi still sees exactly one global <c>Program</c> (featureapi's, for its WebApplicationFactory).
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddServiceDefaults();
        builder.AddAdminServices();
        builder.AddApiGateway();

        var app = builder.Build();

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapApiGateway();
        app.MapProbeExports();
        app.MapDefaultEndpoints();

        app.Run();
    }
}
