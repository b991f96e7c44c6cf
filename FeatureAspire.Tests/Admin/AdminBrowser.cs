using FeatureAspire.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FeatureAspire.Tests.Admin;

/// <summary>
/// Playwright on the system Chromium: Playwright's own browser download is impossible here, so it is pointed at
/// /usr/bin/chromium. The driver (node + cli) ships inside the Microsoft.Playwright package and is copied to the
/// build output under .playwright/, so a clean <c>dotnet test</c> needs nothing installed beyond chromium.
/// </summary>
internal sealed class AdminBrowser : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    private readonly IPlaywright playwright;

    private AdminBrowser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<AdminBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = RequiresChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        return new AdminBrowser(playwright, browser);
    }

    public async Task<IPage> OpenAsync(Uri adminUrl, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = adminUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Opens a page and waits until the Blazor circuit is up, so clicks are handled rather than lost on prerendered HTML.</summary>
    public static async Task GoToAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }

    /// <summary>Fills in the login page the browser is on and waits until the admin has let it in.</summary>
    public static async Task SignInAsync(IPage page, string password = TestSecrets.AdminPassword)
    {
        await FillAsync(page, "login-password", password);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }

    /// <summary>Opens the login page and signs in, for tests about what comes after.</summary>
    public static async Task OpenSignedInAsync(IPage page)
    {
        await page.GotoAsync("/login");
        await SignInAsync(page);
    }

    /// <summary>Types into a FluentUI field (its input lives in the web component's shadow root) and commits it like a person would.</summary>
    public static async Task FillAsync(IPage page, string fieldId, string value)
    {
        var input = page.Locator($"#{fieldId} input");
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }

    /// <summary>Where screenshots go: TestResults/admin under the repository when found (CI keeps that folder), else the test output.</summary>
    public static string ArtifactPath(string fileName)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FeatureAspire.sln")))
        {
            directory = directory.Parent;
        }
        var folder = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults", "admin");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
