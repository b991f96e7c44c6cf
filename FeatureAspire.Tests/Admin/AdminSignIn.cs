using System.Net;
using System.Text.RegularExpressions;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Admin;

/// <summary>Signs in to the admin over plain HTTP the way a browser's form post does: antiforgery token, then password.</summary>
internal static partial class AdminSignIn
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A client holding a signed-in admin session (cookies kept, redirects not followed).</summary>
    public static async Task<HttpClient> SignedInClientAsync(Uri adminUrl, string password = TestSecrets.AdminPassword)
    {
        var client = AnonymousClient(adminUrl);
        using var response = await PostLoginAsync(client, password);
        if (response.StatusCode != HttpStatusCode.Found)
        {
            client.Dispose();
            throw new InvalidOperationException($"Signing in answered {(int)response.StatusCode}, not a redirect.");
        }
        return client;
    }

    public static HttpClient AnonymousClient(Uri adminUrl) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = adminUrl };

    /// <summary>Posts the login form with <paramref name="password"/>; the answer is the login page again or a redirect.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string password, string loginPath = "/login")
    {
        var page = await client.GetStringAsync(loginPath).WaitAsync(Timeout);
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, "the login page carries an antiforgery token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Password"] = password,
        });
        return await client.PostAsync(loginPath, form).WaitAsync(Timeout);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
