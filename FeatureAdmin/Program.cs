using FeatureAdmin.Components;
using FeatureAdmin.Extensions;
using FeatureAdmin.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAdminTelemetry();
builder.AddAdminAuthentication();
builder.AddAdminServices();
builder.AddApiGateway();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization();
app.MapAdminLogout();
app.MapApiGateway();
app.MapProbeExports();
app.MapDefaultEndpoints();

app.Run();
