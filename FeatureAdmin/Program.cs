using FeatureAdmin.Components;
using FeatureAdmin.Extensions;

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
