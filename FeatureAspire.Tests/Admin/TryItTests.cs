using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using FeatureAdmin.Api;
using FeatureAdmin.Components.Pages;
using FeatureApi.Definitions;
using FeatureAspire.Client;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;
using static FeatureAspire.Tests.Admin.AdminRepositories;

namespace FeatureAspire.Tests.Admin;

/// <summary>The Try it page against a stand-in featureapi serving the default repository and one extract answer.</summary>
public sealed class TryItTests : BunitContext
{
    private const string ExtractPath = "/api/features/extract";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private RoutedFeatureApi Serve(HttpStatusCode status, string answer, string mediaType)
    {
        var featureApi = new RoutedFeatureApi()
            .Answer("/api/features/definitions", JsonSerializer.Serialize(DefaultDefinitions, FeatureApiJsonContext.Default.FeatureDefinitionArray))
            .Answer("/api/registry", JsonSerializer.Serialize(new RegistryDocument(1, DateTimeOffset.UnixEpoch, "featureadmin", "Default.", null,
                DefaultRepository.Text), FeatureApiJsonContext.Default.RegistryDocument))
            .Answer(ExtractPath, answer, status, mediaType);
        Services.AddFluentUIComponents();
        Services.AddSingleton(new FeatureApiClient(featureApi.CreateClient(), apiKey: "try-it-test-key"));
        // Never called here: these tests send over HTTP/JSON, the page's default (TryItTransportTests send over gRPC).
        Services.AddSingleton(_ => GrpcChannel.ForAddress("http://127.0.0.1:9"));
        Services.AddSingleton(services => new FeatureApiGrpcClient(services.GetRequiredService<GrpcChannel>()));
        Services.AddScoped<FeatureCatalog>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        return featureApi;
    }

    /// <summary>The default repository's features as featureapi lists them, as far as Try it reads them.</summary>
    private static readonly FeatureDefinition[] DefaultDefinitions =
    [
        Feature("user_age", FeatureKind.Stored, FeatureValueType.Int, entity: "user"),
        Feature("last_7d_clicks", FeatureKind.Stored, entity: "user"),
        Feature("current_value", FeatureKind.Request),
        Feature("f_normalized_value", FeatureKind.Derived, inputs: ["current_value"]),
        Feature("f_recency_score", FeatureKind.Derived, inputs: ["last_7d_clicks"]),
        Feature("f_age_value_ratio", FeatureKind.Derived, inputs: ["user_age", "current_value"]),
    ];

    [Fact]
    public void AnAnswerIsShownAsTheVectorAndTheRequestAsTheBodyThatWasSent()
    {
        using var featureApi = Serve(HttpStatusCode.OK,
            """{"entities":{"user":1},"features":{"f_recency_score":0.5},"status":{"f_recency_score":"present"},"degraded":false,"registryVersion":1}""",
            "application/json");
        var page = Render<TryIt>();
        // The form asks for what the default set needs: the user's key and current_value.
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#try-key-user")), Bound);
        Assert.NotNull(page.Find("#request-current_value"));

        page.Find("#try-send").Click();

        page.WaitForAssertion(() => Assert.Contains("\"present\"", page.Find("[data-testid=try-response]").TextContent, StringComparison.Ordinal), Bound);
        Assert.Equal("200", page.Find(".ok").TextContent.Trim());
        Assert.NotNull(page.Find(".feature-vector .status-present"));
        Assert.Contains("served by repository version 1", page.Find("[data-testid=try-served]").TextContent, StringComparison.Ordinal);
        var shown = JsonNode.Parse(page.Find("[data-testid=try-request]").TextContent);
        var sent = JsonNode.Parse(featureApi.BodiesSentTo(ExtractPath)[^1]);
        Assert.True(JsonNode.DeepEquals(shown, sent), $"shown {shown?.ToJsonString()} but sent {sent?.ToJsonString()}");
        Assert.Equal(1, sent?["entities"]?["user"]?.GetValue<long>());
        Assert.NotNull(sent?["request"]?["current_value"]);
        Assert.Null(sent?["features"]);
    }

    [Fact]
    public void ARefusalIsShownAsItsStatusAndProblemDocument()
    {
        using var featureApi = Serve(HttpStatusCode.BadRequest,
            """{"title":"The request is invalid.","status":400,"errors":{"entities.user":["The key of user must be 1 or more."]}}""",
            "application/problem+json");
        var page = Render<TryIt>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#try-key-user")), Bound);

        page.Find("#try-send").Click();

        page.WaitForAssertion(() => Assert.Contains("must be 1 or more", page.Find("[data-testid=try-response]").TextContent, StringComparison.Ordinal),
            Bound);
        Assert.Equal("400", page.Find(".failed").TextContent.Trim());
        Assert.Empty(page.FindAll(".feature-vector"));
        Assert.Empty(page.FindAll("[data-testid=error-bar]"));
    }
}
