using System.Net;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Admin;

/// <summary>Only the header's Sign out form, with its antiforgery token, ends the admin's session.</summary>
public sealed class LogoutTests
{
    private const string Admin = "198.51.100.30";

    [Fact]
    public async Task ASignOutWithoutTheAntiforgeryTokenIsRefusedAndTheSessionStays()
    {
        await using var host = new AdminHost();
        using var client = await SignedInClientAsync(host);

        using var logout = await AdminSignIn.PostLogoutAsync(client, withToken: false);

        ProblemAssertions.AssertProblem(logout, HttpStatusCode.BadRequest);
        using var page = await client.GetAsync("/probe");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task TheSignOutFormWithItsTokenEndsTheSession()
    {
        await using var host = new AdminHost();
        using var client = await SignedInClientAsync(host);

        using var logout = await AdminSignIn.PostLogoutAsync(client);

        Assert.Equal(HttpStatusCode.Found, logout.StatusCode);
        Assert.Equal("/login", logout.Headers.Location?.OriginalString);
        using var page = await client.GetAsync("/probe");
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location?.AbsolutePath);
    }

    private static async Task<HttpClient> SignedInClientAsync(AdminHost host)
    {
        var client = host.ClientFrom(Admin);
        using var login = await AdminSignIn.PostLoginAsync(client, TestSecrets.AdminPassword);
        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        return client;
    }
}
