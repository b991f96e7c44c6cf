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
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            [AntiforgeryFieldName] = await AntiforgeryTokenAsync(client, loginPath),
            ["Password"] = password,
        });
        return await client.PostAsync(loginPath, form).WaitAsync(Timeout);
    }

    /// <summary>
    /// Posts the header's Sign out form as the browser sends it: with the token a signed-in page (<c>/probe</c>, which
    /// asks featureapi nothing while it renders) carries, or, when <paramref name="withToken"/> is false, without one.
    /// </summary>
    public static async Task<HttpResponseMessage> PostLogoutAsync(HttpClient client, bool withToken = true)
    {
        var fields = new Dictionary<string, string>();
        if (withToken)
        {
            fields[AntiforgeryFieldName] = await AntiforgeryTokenAsync(client, "/probe");
        }
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync("/logout", form).WaitAsync(Timeout);
    }

    /// <summary>The antiforgery token in the first form of the page at <paramref name="path"/>, for this client's session.</summary>
    private static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var page = await client.GetStringAsync(path).WaitAsync(Timeout);
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, $"{path} carries an antiforgery token");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    private const string AntiforgeryFieldName = "__RequestVerificationToken";

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
