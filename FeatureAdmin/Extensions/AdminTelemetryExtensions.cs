using OpenTelemetry.Instrumentation.AspNetCore;

namespace FeatureAdmin.Extensions;

/// <summary>
/// Keeps the admin's traces to what a person debugging a request looks for: page and gateway requests and the calls
/// to featureapi. ASP.NET Core 10 traces every Blazor event, navigation and circuit (source
/// <c>Microsoft.AspNetCore.Components</c>) and every SignalR hub call the circuit makes (one
/// <c>ComponentHub/OnRenderCompleted</c> per render), and OpenTelemetry's ASP.NET Core instrumentation listens to
/// both by default: hundreds of one-span traces per page. Static files and the circuit's own connection are dropped
/// for the same reason.
/// </summary>
public static class AdminTelemetryExtensions
{
    public static IHostApplicationBuilder AddAdminTelemetry(this IHostApplicationBuilder builder)
    {
        // Configured after ServiceDefaults' AddAspNetCoreInstrumentation, so its filter (health probes) is kept and extended.
        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(aspnet =>
        {
            aspnet.EnableRazorComponentsSupport = false;
            aspnet.EnableAspNetCoreSignalRSupport = false;
            var previous = aspnet.Filter;
            aspnet.Filter = context => !IsUiPlumbing(context.Request.Path) && (previous?.Invoke(context) ?? true);
        });
        return builder;
    }

    /// <summary>Blazor's script and circuit connection, FluentUI's and the app's static assets (never an API call or an export).</summary>
    public static bool IsUiPlumbing(PathString path) =>
        path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/_content") ||
        (Path.HasExtension(path.Value) && !path.StartsWithSegments("/api") && !path.StartsWithSegments("/exports"));
}
