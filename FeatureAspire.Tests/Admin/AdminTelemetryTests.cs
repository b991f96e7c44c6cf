using System.Diagnostics;
using FeatureAdmin.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace FeatureAspire.Tests.Admin;

/// <summary>The admin's traces keep its requests and drop Blazor's per-event, per-render and static-file spans.</summary>
public sealed class AdminTelemetryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RequestsAreTracedButBlazorActivitiesAndUiPlumbingAreNot()
    {
        var spans = new List<Activity>();
        var marker = Guid.NewGuid().ToString("N");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Every trace, so a span missing below was dropped by the filter, not by sampling.
        builder.Configuration["Telemetry:SamplingRatio"] = "1";
        builder.AddServiceDefaults();
        builder.AddAdminTelemetry();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans));
        var app = builder.Build();
        app.MapGet("/api/{marker}", (string marker) => marker);
        app.MapGet("/_blazor/{marker}", (string marker) => marker);
        app.MapGet("/_framework/{marker}.js", (string marker) => marker);
        app.MapGet("/app/{marker}.css", (string marker) => marker);

        await using (app)
        {
            await app.StartAsync().WaitAsync(Timeout);
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            foreach (var path in new[] { $"/_blazor/{marker}", $"/_framework/{marker}.js", $"/app/{marker}.css", $"/api/{marker}" })
            {
                (await client.GetAsync(path).WaitAsync(Timeout)).EnsureSuccessStatusCode();
            }

            // What Blazor's circuit emits for a click and for each render it sends.
            using (new ActivitySource("Microsoft.AspNetCore.Components").StartActivity("Microsoft.AspNetCore.Components.HandleEvent " + marker))
            using (new ActivitySource("Microsoft.AspNetCore.SignalR.Server").StartActivity("Microsoft.AspNetCore.Components.Server.ComponentHub/OnRenderCompleted " + marker))
            {
            }
            await app.StopAsync().WaitAsync(Timeout);
        }

        // Other tests run hosts in this process too; only this test's spans carry the marker.
        var ours = spans.Select(Describe).Where(s => s.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { $"GET /api/{marker}" }, ours);
    }

    private static string Describe(Activity span) =>
        span.Source.Name.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal) || span.Source.Name.Contains("SignalR", StringComparison.Ordinal)
            ? span.DisplayName
            : $"{span.GetTagItem("http.request.method")} {span.GetTagItem("url.path")}";
}
