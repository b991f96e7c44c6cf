using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FeatureAspire.Tests.Admin;

/// <summary>
/// A team's repository applied through the admin in a real browser: planned (the difference shown), applied (the new
/// version on the registry page and the overview), a new string-keyed entity seeded, found, edited and deleted on the
/// entities page, an extract built from a feature set on Try it, and the repository rolled back.
/// </summary>
[Collection(AdminStackCollection.Name)]
public sealed class RegistryBrowserTests(AdminStackFixture stack, ITestOutputHelper output)
{
    /// <summary>How long a step that waits on featureapi may take on a loaded machine (Playwright's default is 5 s).</summary>
    private const float Slow = 30_000;

    [RequiresChromiumFact]
    public async Task ARepositoryIsPlannedAppliedServedForANewEntityAndRolledBack()
    {
        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.OpenAsync(stack.AdminUrl);
        using var api = AdminApi();
        var before = await StoreVersionAsync(api);
        try
        {
            await AdminBrowser.OpenSignedInAsync(page);
            await AdminBrowser.GoToAsync(page, "/registry");
            await Expect(page.GetByTestId("registry-version")).ToHaveTextAsync(Number(before));

            // Plan: the difference names the new entity and features; nothing breaks.
            var editor = page.Locator("#registry-text textarea");
            await editor.FillAsync(AdminRepositories.DefaultWithItems);
            await PlanAsync(page, editor);
            await Expect(page.GetByTestId("plan-summary")).ToContainTextAsync("added, 0 changed, 0 removed.", new() { Timeout = Slow });
            await Expect(page.GetByTestId("plan-entry").Filter(new() { HasText = "Created entity item" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("plan-entry").Filter(new() { HasText = "price_per_year" })).ToBeVisibleAsync();
            await ScreenshotAsync(page, "registry-plan.png");

            // Apply what was planned: the page, the replica and the overview show the new version.
            await page.Locator("#registry-apply").ClickAsync();
            var applied = before + 1;
            await Expect(page.GetByTestId("registry-applied")).ToContainTextAsync($"Applied as version {applied}", new() { Timeout = Slow });
            await Expect(page.GetByTestId("registry-version")).ToHaveTextAsync(Number(applied));
            await Expect(page.GetByTestId("replica-loaded-version")).ToHaveTextAsync(Number(applied));
            await Expect(page.GetByTestId("replicas-lagging")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("registry-history")).ToContainTextAsync("featureadmin");
            await ScreenshotAsync(page, "registry-applied.png");
            await AdminBrowser.GoToAsync(page, "/");
            await Expect(page.GetByTestId("repository-version")).ToHaveTextAsync($"version {applied}");
            await Expect(page.GetByTestId("store-mode")).ToHaveTextAsync("standalone");

            // The entities page on the new entity: seed items, find one, edit it, delete it.
            await AdminBrowser.GoToAsync(page, "/entities");
            await Expect(page.Locator("h1").First).ToHaveTextAsync("Users");
            await page.Locator("#entity-picker").ClickAsync();
            await page.Locator("#entity-picker fluent-option", new() { HasText = "item" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/entities/item$"));
            await Expect(page.Locator("h1").First).ToHaveTextAsync("Items");
            await AdminBrowser.FillAsync(page, "seed-count", "20");
            await page.Locator("#seed-start").ClickAsync();
            await Expect(page.GetByTestId("seed-status")).ToContainTextAsync("Wrote 20 of 20 items", new() { Timeout = Slow });
            await Expect(page.GetByTestId("item-ids").GetByText("item-7", new() { Exact = true })).ToBeVisibleAsync();

            await AdminBrowser.FillAsync(page, "find-item-id", "item-7");
            await page.Locator("#find-item").ClickAsync();
            await Expect(page.GetByTestId("item-updated-at")).ToBeVisibleAsync(new() { Timeout = Slow });
            await Expect(page.GetByTestId("item-feature-vector")).ToContainTextAsync("item_price");
            var price = page.GetByTestId("stored-features").Locator("fluent-number-field[aria-label=item_price] input");
            await price.FillAsync("42");
            await price.PressAsync("Tab");
            await page.Locator("#save-item").ClickAsync();
            await Expect(page.GetByTestId("item-feature-vector").Locator("tr", new() { HasText = "item_price" }).Locator("td.num")).ToHaveTextAsync("42");
            await ScreenshotAsync(page, "entities-item.png");
            await page.Locator("#delete-item").ClickAsync();
            await ConfirmAsync(page, "Delete");
            await Expect(page.GetByTestId("item-not-found")).ToBeVisibleAsync(new() { Timeout = Slow });

            // Try it from a feature set: the form asks for both entities and the request field, and the answer says which version served it.
            await AdminBrowser.GoToAsync(page, "/try");
            await page.GetByText("a feature set").ClickAsync();
            await page.Locator("#try-feature-set").ClickAsync();
            await page.Locator("#try-feature-set fluent-option", new() { HasText = "ranker" }).ClickAsync();
            await Expect(page.Locator("#try-key-item")).ToBeVisibleAsync();
            await Expect(page.Locator("#request-discount")).ToBeVisibleAsync();
            await page.Locator("#try-send").ClickAsync();
            await Expect(page.GetByTestId("try-response")).ToContainTextAsync("price_per_year", new() { Timeout = Slow });
            await Expect(page.GetByTestId("try-served")).ToContainTextAsync($"served by repository version {applied}");
            await ScreenshotAsync(page, "try-feature-set.png");

            // Roll back to the version before, behind a confirmation: a new version with the earlier document.
            await AdminBrowser.GoToAsync(page, "/registry");
            await page.Locator($"#rollback-{Number(before)}").ClickAsync();
            await ConfirmAsync(page, "Roll back");
            await Expect(page.GetByTestId("registry-version")).ToHaveTextAsync(Number(applied + 1), new() { Timeout = Slow });
            await Expect(page.GetByTestId("registry-document")).Not.ToContainTextAsync("item_price");
            await Expect(page.GetByTestId("registry-history")).ToContainTextAsync($"Rollback to version {before}");
        }
        finally
        {
            await ScreenshotAsync(page, "registry.png");
            await RestoreAsync(api, before);
        }
    }

    [RequiresChromiumFact]
    public async Task AnInvalidDocumentNamesEachPlaceAndChangesNothing()
    {
        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.OpenAsync(stack.AdminUrl);
        using var api = AdminApi();
        var before = await StoreVersionAsync(api);

        await AdminBrowser.OpenSignedInAsync(page);
        await AdminBrowser.GoToAsync(page, "/registry");
        var editor = page.Locator("#registry-text textarea");
        await editor.FillAsync(AdminRepositories.DefaultWithItems.Replace("item_price * (1 - discount)", "item_price * (1 - no_such_input)", StringComparison.Ordinal));
        await PlanAsync(page, editor);

        await Expect(page.GetByTestId("registry-invalid")).ToBeVisibleAsync(new() { Timeout = Slow });
        await Expect(page.GetByTestId("field-errors")).ToContainTextAsync("expression");
        await Expect(page.GetByTestId("field-errors")).ToContainTextAsync("no_such_input");
        await Expect(page.Locator("#registry-apply[disabled]")).ToHaveCountAsync(1);
        Assert.Equal(before, await StoreVersionAsync(api));
    }

    /// <summary>
    /// Commits the editor's text (its change event), waits until the admin has it (the state line no longer asks for
    /// a document, and Plan is enabled), then plans: a click on a button the circuit has not enabled yet is lost.
    /// </summary>
    private static async Task PlanAsync(IPage page, ILocator editor)
    {
        await editor.BlurAsync();
        await Expect(page.GetByTestId("registry-editor-state")).ToHaveTextAsync("");
        await Expect(page.Locator("#registry-plan:not([disabled])")).ToHaveCountAsync(1);
        await page.Locator("#registry-plan").ClickAsync();
    }

    /// <summary>Clicks the confirmation dialog's button that says exactly <paramref name="text"/>.</summary>
    private static Task ConfirmAsync(IPage page, string text) =>
        page.Locator("fluent-dialog fluent-button").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{text}\\s*$") }).ClickAsync();

    /// <summary>featureapi with the admin's key: to read the store's version and restore it, beside the browser.</summary>
    private HttpClient AdminApi()
    {
        var api = stack.App.CreateHttpClient("featureapi");
        api.DefaultRequestHeaders.Add(FeatureApiClient.ApiKeyHeaderName, TestSecrets.AdminApiKey);
        return api;
    }

    private static string Number(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static async Task<long> StoreVersionAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/registry")).GetProperty("version").GetInt64();

    /// <summary>
    /// Whatever the test got to, the store serves the document it found again, so the other admin tests (which share
    /// the stack) meet the default repository.
    /// </summary>
    private async Task RestoreAsync(HttpClient api, long before)
    {
        var current = await api.GetFromJsonAsync<JsonElement>("/api/registry");
        if (current.GetProperty("version").GetInt64() != before && current.GetProperty("document").GetString()!.Contains("item_price", StringComparison.Ordinal))
        {
            using var response = await api.PostAsync($"/api/registry/rollback/{Number(before)}", content: null);
            output.WriteLine($"Restored version {before}'s document: {(int)response.StatusCode}");
        }
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = AdminBrowser.ArtifactPath(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
    }
}
