using System.Net;
using System.Text.Json;
using FeatureAdmin.Security;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Admin;

/// <summary>The admin's origin serves featureapi's API through YARP, in the real AppHost, to a signed-in admin only.</summary>
[Collection(AdminStackCollection.Name)]
public sealed class AdminGatewayTests(AdminStackFixture stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FeatureDefinitionsAtTheAdminsOriginComeFromFeatureApi()
    {
        using var admin = await AdminSignIn.SignedInClientAsync(stack.AdminUrl);

        using var response = await admin.GetAsync("/api/features/definitions").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var names = body.RootElement.EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
        Assert.Contains("user_age", names);
        Assert.Contains("f_recency_score", names);
    }

    [Fact]
    public async Task WritesThroughTheAdminAreReadBackFromFeatureApiDirectly()
    {
        using var admin = await AdminSignIn.SignedInClientAsync(stack.AdminUrl);
        // A write passes the gateway only from the admin's own pages: this client says so as a browser would.
        SameOriginGuard.MarkSameOrigin(admin.DefaultRequestHeaders, stack.AdminUrl);
        using var api = stack.App.CreateHttpClient("featureapi");
        api.DefaultRequestHeaders.Add("X-API-Key", TestSecrets.AdminApiKey);
        var userId = Random.Shared.NextInt64(5_000_000, 6_000_000);

        using var put = await admin.PutAsync($"/api/users/{userId}/features",
            new StringContent("""{"user_age":44}""", System.Text.Encoding.UTF8, "application/json")).WaitAsync(Timeout);
        Assert.True(put.StatusCode == HttpStatusCode.NoContent, $"PUT through the gateway answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        var stored = await api.GetStringAsync($"/api/users/{userId}/features").WaitAsync(Timeout);

        Assert.Equal(44, JsonDocument.Parse(stored).RootElement.GetProperty("features").GetProperty("user_age").GetDouble());
    }

    [Fact]
    public async Task AnAnonymousGatewayCallIsRefusedWithAProblemNotARedirect()
    {
        using var anonymous = AdminSignIn.AnonymousClient(stack.AdminUrl);

        using var response = await anonymous.DeleteAsync("/api/users/1/features").WaitAsync(Timeout);

        ProblemAssertions.AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PagesSendAnAnonymousVisitorToTheLoginPage()
    {
        using var anonymous = AdminSignIn.AnonymousClient(stack.AdminUrl);

        using var response = await anonymous.GetAsync("/probe").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task AWrongPasswordDoesNotSignIn()
    {
        using var client = AdminSignIn.AnonymousClient(stack.AdminUrl);

        using var login = await AdminSignIn.PostLoginAsync(client, "not-the-password");
        using var after = await client.GetAsync("/api/features/definitions").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("not the admin", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData("/probe", "/probe")]
    [InlineData("//evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    public async Task SigningInReturnsOnlyToAPageOfTheAdmin(string returnUrl, string landsOn)
    {
        using var client = AdminSignIn.AnonymousClient(stack.AdminUrl);

        using var login = await AdminSignIn.PostLoginAsync(client, TestSecrets.AdminPassword, $"/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        var location = new Uri(stack.AdminUrl, login.Headers.Location!);
        Assert.Equal(stack.AdminUrl.Authority, location.Authority);
        Assert.Equal(landsOn, location.AbsolutePath);
    }
}
