using System.Net;
using System.Net.Http.Json;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace FeatureAspire.Tests.Api;

/// <summary>How FeatureApi starts, or refuses to, with its key settings; and what it serves outside Development.</summary>
public sealed class ApiKeyStartupTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public void WithoutKeysAndWithoutTheSwitchFeatureApiRefusesToStart()
    {
        var error = Assert.ThrowsAny<Exception>(() => new FeatureApiHost(garnet.Store, testKeys: false));

        var validation = Assert.IsType<OptionsValidationException>(error.GetBaseException());
        Assert.Contains("Auth:ApiKeys:<name>:Key", validation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Test")]
    public void TheOpenSwitchIsRefusedOutsideDevelopment(string environment)
    {
        var error = Assert.ThrowsAny<Exception>(() => new FeatureApiHost(garnet.Store,
            new Dictionary<string, string?> { ["Auth:Disabled"] = "true" }, environment: environment, testKeys: false));

        Assert.Contains($"allowed only in Development (this is {environment})", error.GetBaseException().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOpenSwitchLetsRequestsInWithoutAKeyInDevelopment()
    {
        await using var host = new FeatureApiHost(garnet.Store, new Dictionary<string, string?> { ["Auth:Disabled"] = "true" }, testKeys: false);
        using var anonymous = host.CreateClient(apiKey: null);

        using var response = await anonymous.GetAsync("/api/users/count");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(System.Text.Json.JsonValueKind.Number, body.GetProperty("count").ValueKind);
    }

    [Fact]
    public async Task OutsideDevelopmentTheApiDescriptionIsNotServed()
    {
        await using var host = new FeatureApiHost(garnet.Store, environment: "Production");
        using var api = host.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/scalar")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/users/count")).StatusCode);
    }

    [Fact]
    public void AKeyTooShortToBeSecretIsRefused()
    {
        var error = Assert.ThrowsAny<Exception>(() => new FeatureApiHost(garnet.Store, new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:short:Key"] = "abc",
            ["Auth:ApiKeys:short:Scopes:0"] = "features:read",
        }));

        Assert.Contains("Auth:ApiKeys:short:Key must be at least", error.GetBaseException().Message, StringComparison.Ordinal);
    }
}
