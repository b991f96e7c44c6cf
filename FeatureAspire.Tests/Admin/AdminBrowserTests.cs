using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FeatureAspire.Tests.Admin;

/// <summary>A person's session in a real browser against the admin started by the AppHost.</summary>
[Collection(AdminStackCollection.Name)]
public sealed class AdminBrowserTests(AdminStackFixture stack, ITestOutputHelper output)
{
    [RequiresChromiumFact]
    public async Task SeedLookUpAndProbeShowNonZeroLatencies()
    {
        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.OpenAsync(stack.AdminUrl);
        try
        {
            // An anonymous visit lands on the login page, which returns to the page asked for once signed in.
            await page.GotoAsync("/users");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2Fusers$"));
            await AdminBrowser.SignInAsync(page);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/users$"));
            // The old address of the users page opens the entities page on the seed's user.
            await Expect(page.Locator("h1").First).ToHaveTextAsync("Users");

            // Seed 200 users from id 1.
            await AdminBrowser.FillAsync(page, "seed-count", "200");
            await AdminBrowser.FillAsync(page, "seed-first-id", "1");
            await page.Locator("#seed-start").ClickAsync();
            await Expect(page.GetByTestId("seed-status")).ToContainTextAsync("Wrote 200 of 200 users");
            // The id browser on the same page shows the new users without a reload.
            await Expect(page.GetByTestId("user-ids").GetByText("1", new() { Exact = true })).ToBeVisibleAsync();

            // Look one of them up: stored features exist and derived features are computed from them.
            await AdminBrowser.FillAsync(page, "find-user-id", "150");
            await page.Locator("#find-user").ClickAsync();
            await Expect(page.GetByTestId("user-updated-at")).ToBeVisibleAsync();
            var vector = page.GetByTestId("user-feature-vector");
            await Expect(vector).ToContainTextAsync("f_recency_score");
            await Expect(vector.Locator(".status-present").First).ToBeVisibleAsync();

            // Probe with 1,000 requests and wait for the results.
            await AdminBrowser.GoToAsync(page, "/probe");
            await AdminBrowser.FillAsync(page, "probe-total", "1000");
            await page.Locator("#probe-start").ClickAsync();
            await Expect(page.GetByTestId("probe-status")).ToContainTextAsync("Finished", new() { Timeout = 60_000 });

            var table = page.GetByTestId("percentile-table");
            Assert.Equal("1,000", (await table.Locator("td[data-metric=count]").InnerTextAsync()).Trim());
            Assert.Equal("0", (await table.Locator("td[data-metric=errors]").InnerTextAsync()).Trim());
            foreach (var metric in new[] { "p50", "p90", "p99", "max" })
            {
                var text = await table.Locator($"td[data-metric={metric}]").InnerTextAsync();
                Assert.True(double.Parse(text, CultureInfo.InvariantCulture) > 0, $"{metric} shows {text}");
            }

            // The live chart was drawn by plotly with non-zero p99 points.
            var chartP99 = await page.WaitForFunctionAsync("""
                () => {
                    const chart = document.querySelector('.plotly-chart');
                    const p99 = chart?.data?.find(t => t.name === 'p99');
                    const max = p99 ? Math.max(...p99.y) : 0;
                    return max > 0 && chart.querySelector('svg.main-svg') ? max : null;
                }
                """);
            Assert.True(await chartP99.JsonValueAsync<double>() > 0);

            // The run can be downloaded as CSV from the admin.
            var csv = await page.APIRequest.GetAsync(await page.Locator("a", new() { HasText = "CSV" }).First.GetAttributeAsync("href") ?? "");
            Assert.True(csv.Ok, $"CSV export answered {csv.Status}");
            Assert.Contains("count,1000", (await csv.TextAsync()).Split('\n'));

            // A second, smaller run through the admin's own YARP proxy, compared side by side with the first.
            await page.GetByText("through the admin's YARP proxy").ClickAsync();
            await AdminBrowser.FillAsync(page, "probe-total", "200");
            await page.Locator("#probe-start").ClickAsync();
            await Expect(page.GetByTestId("probe-status")).ToContainTextAsync("Finished: 200 ok · 0 errors", new() { Timeout = 60_000 });
            await page.Locator("table.runs tr").Nth(1).Locator("fluent-checkbox").ClickAsync();
            await Expect(table.Locator("td[data-metric=count]")).ToHaveTextAsync(["1,000", "200"]);
            await Expect(table.Locator("td[data-metric=settings]").Nth(1)).ToContainTextAsync("via admin proxy");

            // Switch to dark: the charts redraw with the dark theme's tokens (kept as a picture to look at).
            await page.Locator("fluent-button[title='Switch between light and dark theme']").ClickAsync();
            await page.WaitForTimeoutAsync(500);
            var dark = AdminBrowser.ArtifactPath("probe-results-dark.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = dark, FullPage = true });
            output.WriteLine($"Screenshot: {dark}");
        }
        finally
        {
            var screenshot = AdminBrowser.ArtifactPath("probe.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            output.WriteLine($"Screenshot: {screenshot}");
        }
    }

    [RequiresChromiumFact]
    public async Task EveryPageRendersInLightAndDarkWithoutAnUnhandledError()
    {
        await using var browser = await AdminBrowser.LaunchAsync();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var page = await browser.OpenAsync(stack.AdminUrl, scheme);
            await AdminBrowser.OpenSignedInAsync(page);
            foreach (var (path, name) in new[] { ("/", "overview"), ("/registry", "registry"), ("/entities", "entities"), ("/probe", "probe"), ("/events", "events"), ("/try", "try") })
            {
                await AdminBrowser.GoToAsync(page, path);
                await Expect(page.Locator("h1").First).ToBeVisibleAsync();
                if (path == "/")
                {
                    // The stack runs one FeatureApi replica; the overview asks it on its own address.
                    await Expect(page.GetByTestId("replicas-answering")).ToHaveTextAsync("1 of 1 answering");
                }
                if (path == "/events" && scheme == ColorScheme.Light)
                {
                    // One click event for a user nobody used shows up in its one-hour aggregate, which starts at zero.
                    var userId = Random.Shared.Next(7_000_000, 8_000_000).ToString(CultureInfo.InvariantCulture);
                    await AdminBrowser.FillAsync(page, "events-user-id", userId);
                    var clicks1h = page.GetByTestId("live-vector").Locator("tr", new() { HasText = "clicks_1h" }).Locator("td.num");
                    await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Live features of user {userId}" })).ToBeVisibleAsync();
                    await page.Locator("#events-send-one").ClickAsync();
                    await Expect(page.GetByTestId("events-accepted")).ToContainTextAsync("1 accepted");
                    await Expect(clicks1h).ToHaveTextAsync("1");
                }
                if (path == "/try")
                {
                    await page.Locator("#try-send").ClickAsync();
                    await Expect(page.GetByTestId("try-response")).ToContainTextAsync("\"features\"");
                }
                await page.WaitForTimeoutAsync(300); // let first API calls land before the picture
                var screenshot = AdminBrowser.ArtifactPath($"{name}-{scheme.ToString().ToLowerInvariant()}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
                output.WriteLine($"Screenshot: {screenshot}");

                Assert.Equal(0, await page.GetByText("Something went wrong").CountAsync());
                Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync(), $"{path} shows Blazor's unhandled-error bar");
            }

            // Signing out from the header ends the session: pages send the browser back to the login page.
            await page.Locator("#sign-out").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"));
            await page.GotoAsync("/probe");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2Fprobe$"));
            await page.Context.CloseAsync();
        }
    }
}
