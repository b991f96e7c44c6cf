using System.Net;
using System.Text.Json.Nodes;
using Bunit;
using FeatureAdmin.Api;
using FeatureAdmin.Components.Pages;
using FeatureAspire.Client;
using FeatureAspire.Tests.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAspire.Tests.Admin;

/// <summary>The Try it page against a stand-in featureapi that gives one answer to every call.</summary>
public sealed class TryItTests : BunitContext
{
    private StubFeatureApi Serve(HttpStatusCode status, string answer, string mediaType)
    {
        var featureApi = new StubFeatureApi(status, answer, mediaType);
        Services.AddFluentUIComponents();
        Services.AddSingleton(new FeatureApiClient(featureApi.CreateClient(), apiKey: "try-it-test-key"));
        Services.AddScoped<FeatureCatalog>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        return featureApi;
    }

    [Fact]
    public void AnAnswerIsShownAsTheVectorAndTheRequestAsTheBodyThatWasSent()
    {
        using var featureApi = Serve(HttpStatusCode.OK,
            """{"userId":1,"features":{"f_recency_score":0.5},"status":{"f_recency_score":"present"},"degraded":false}""",
            "application/json");
        var page = Render<TryIt>();

        page.Find("#try-send").Click();

        page.WaitForAssertion(() => Assert.Contains("\"present\"", page.Find("[data-testid=try-response]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        Assert.Equal("200", page.Find(".ok").TextContent.Trim());
        Assert.NotNull(page.Find(".feature-vector .status-present"));
        var shown = JsonNode.Parse(page.Find("[data-testid=try-request]").TextContent);
        var sent = JsonNode.Parse(featureApi.Bodies[^1]);
        Assert.True(JsonNode.DeepEquals(shown, sent), $"shown {shown?.ToJsonString()} but sent {sent?.ToJsonString()}");
        Assert.Equal(1, sent?["userId"]?.GetValue<long>());
    }

    [Fact]
    public void ARefusalIsShownAsItsStatusAndProblemDocument()
    {
        using var featureApi = Serve(HttpStatusCode.BadRequest,
            """{"title":"The request is invalid.","status":400,"errors":{"features[0]":["Unknown feature 'nope'."]}}""",
            "application/problem+json");
        var page = Render<TryIt>();

        page.Find("#try-send").Click();

        page.WaitForAssertion(() => Assert.Contains("Unknown feature 'nope'.", page.Find("[data-testid=try-response]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        Assert.Equal("400", page.Find(".failed").TextContent.Trim());
        Assert.Empty(page.FindAll(".feature-vector"));
        Assert.Empty(page.FindAll("[data-testid=error-bar]"));
    }
}
