using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FeatureAspire.Tests.Admin;

/// <summary>
/// Not a check of behaviour: takes the README's pictures of the admin and of the dashboard's trace of one extract,
/// with the browser tests' Playwright setup, against the whole stack with the dashboard on. Run by docs/screenshots.sh.
/// </summary>
public sealed partial class ReadmePictures(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [ReadmePicturesFact]
    public async Task TakeTheReadmePictures()
    {
        var dashboardUrl = new Uri($"http://127.0.0.1:{FeatureApiCalls.FreeLoopbackPort()}");
        await using var app = await FeatureAspireApp.StartAsync("auto", dashboardUrl);
        var dashboardResource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "aspire-dashboard");
        var dashboard = app.GetEndpoint(dashboardResource.Name, "http");

        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.OpenAsync(app.GetEndpoint("featureadmin", "http"));
        await AdminBrowser.OpenSignedInAsync(page);

        // Users to look at and to probe.
        await AdminBrowser.GoToAsync(page, "/users");
        await AdminBrowser.FillAsync(page, "seed-count", "5000");
        await page.Locator("#seed-start").ClickAsync();
        await Expect(page.GetByTestId("seed-status")).ToContainTextAsync("Wrote 5,000 of 5,000 users", new() { Timeout = 60_000 });

        // One extract, alone in featureapi's traces, pictured in the dashboard.
        await PictureOneExtractTraceAsync(browser, app, dashboard);

        // The users page, opened afresh so the list shows the seeded ids, with one user open.
        await AdminBrowser.GoToAsync(page, "/users");
        await AdminBrowser.FillAsync(page, "find-user-id", "150");
        await page.Locator("#find-user").ClickAsync();
        await Expect(page.GetByTestId("user-feature-vector")).ToContainTextAsync("f_recency_score");
        await SaveAsync(page, "admin-users.png");

        // A ten-second open-loop probe: the chart over time, the histogram and the percentile table.
        await AdminBrowser.GoToAsync(page, "/probe");
        await page.GetByText("seconds", new() { Exact = true }).ClickAsync();
        await AdminBrowser.FillAsync(page, "probe-rate", "200");
        // The stack has just started from a Debug build: a first run warms it up (JIT, connections, the thread pool's
        // growth), so the pictured run shows the service rather than its first seconds.
        for (var run = 1; run <= 2; run++)
        {
            await page.Locator("#probe-start").ClickAsync();
            await Expect(page.GetByTestId("probe-status")).ToContainTextAsync("Finished", new() { Timeout = 60_000 });
        }
        await page.WaitForTimeoutAsync(1_000); // the charts' last redraw
        await SaveAsync(page, "admin-probe-light.png");
        await page.Locator("fluent-button[title='Switch between light and dark theme']").ClickAsync();
        await page.WaitForTimeoutAsync(1_000);
        await SaveAsync(page, "admin-probe-dark.png");
    }

    private async Task PictureOneExtractTraceAsync(AdminBrowser browser, DistributedApplication app, Uri dashboard)
    {
        using var api = app.CreateHttpClient("featureapi");
        api.DefaultRequestHeaders.Add("X-API-Key", TestSecrets.AdminApiKey);
        (await api.PostAsJsonAsync("/api/features/extract", new { userId = 150, currentValue = 120.0 })).EnsureSuccessStatusCode();

        using var telemetry = new HttpClient { BaseAddress = dashboard };
        var traceId = await EventuallyAsync(async () =>
        {
            var spans = await telemetry.GetStringAsync("/api/telemetry/spans?resource=featureapi");
            var compute = ExtractTrace().Match(spans);
            return compute.Success && spans.Contains("features.compute", StringComparison.Ordinal) ? compute.Groups[1].Value : null;
        });

        var page = await browser.OpenAsync(dashboard);
        await page.GotoAsync($"/traces/detail/{traceId}");
        await Expect(page.GetByText("features.compute").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForTimeoutAsync(1_000);
        await SaveAsync(page, "dashboard-extract-trace.png", fullPage: false);
        await page.Context.CloseAsync();
    }

    private async Task SaveAsync(IPage page, string fileName, bool fullPage = true)
    {
        var path = ReadmePicturesFactAttribute.PathOf(fileName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        output.WriteLine($"Picture: {path}");
    }

    private static async Task<string> EventuallyAsync(Func<Task<string?>> attempt)
    {
        var until = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < until)
        {
            if (await attempt() is { } found)
            {
                return found;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"The extract's trace did not reach the dashboard within {Timeout}.");
    }

    /// <summary>The trace id of a <c>features.extract</c> span in the dashboard's OTLP JSON.</summary>
    [GeneratedRegex("\"traceId\":\"([0-9a-f]{32})\"[^{}]*?\"name\":\"features\\.extract\"")]
    private static partial Regex ExtractTrace();
}
