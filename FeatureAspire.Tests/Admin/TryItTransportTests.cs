using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bunit;
using FeatureAdmin.Api;
using FeatureAdmin.Components.Pages;
using FeatureAspire.Client;
using FeatureAspire.Tests.GrpcApi;
using FeatureAspire.Tests.Infrastructure;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAspire.Tests.Admin;

/// <summary>
/// The Try it page's transports against a live featureapi serving the team repository on its JSON and its gRPC
/// endpoint: gRPC really goes over gRPC, and both sends the same request twice and compares the answers.
/// </summary>
public sealed class TryItTransportTests : BunitContext, IClassFixture<GrpcTeamFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly GrpcTeamFixture team;

    public TryItTransportTests(GrpcTeamFixture team)
    {
        this.team = team;
        Services.AddFluentUIComponents();
        Services.AddSingleton(_ => GrpcChannel.ForAddress(team.Host.GrpcAddress));
        Services.AddSingleton(services => new FeatureApiGrpcClient(services.GetRequiredService<GrpcChannel>(), FeatureApiHost.TestKey));
        Services.AddScoped<FeatureCatalog>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void ChoosingGrpcSendsTheExtractOverGrpcAlone()
    {
        // Over JSON the extract would be answered with 99: only gRPC can answer what the store holds.
        var json = ServeJson(extractAnswer: Vector(99));
        var page = RenderForSeededUserAndItem();

        Choose(page, ExtractTransport.Grpc);
        page.Find("#try-send").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=try-answer-grpc] [data-testid=try-response]")), Bound);
        Assert.Equal(0, json.Extracts);
        Assert.Empty(page.FindAll("[data-testid=try-answer-json]"));
        Assert.Empty(page.FindAll("[data-testid=try-comparison]"));
        Assert.Equal("200", page.Find("[data-testid=try-answer-grpc] .ok").TextContent.Trim());
        Assert.Equal(PricePerYear, Served(page, "grpc"));
        Assert.Contains(FeatureApiGrpcClient.ServiceName + "/Extract", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void BothShowsTheTwoAnswersSideBySideAndTheyAgree()
    {
        var json = ServeJson(extractAnswer: null);
        var page = RenderForSeededUserAndItem();

        Choose(page, ExtractTransport.Both);
        page.Find("#try-send").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=try-comparison]")), Bound);
        Assert.Equal(1, json.Extracts);
        Assert.Equal(PricePerYear, Served(page, "json"));
        Assert.Equal(PricePerYear, Served(page, "grpc"));
        Assert.Equal(2, page.FindAll("[data-testid=try-latency]").Count);
        Assert.Contains("The two answers agree", page.Find("[data-testid=try-comparison]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void BothFlagsAValueThatDiffersBetweenTheTransports()
    {
        ServeJson(extractAnswer: Vector(99));
        var page = RenderForSeededUserAndItem();

        Choose(page, ExtractTransport.Both);
        page.Find("#try-send").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=try-comparison]")), Bound);
        var comparison = page.Find("[data-testid=try-comparison]").TextContent;
        Assert.Contains("The two answers differ", comparison, StringComparison.Ordinal);
        Assert.Contains($"price_per_year: 99 over HTTP/JSON, {PricePerYear} over gRPC", comparison, StringComparison.Ordinal);
    }

    /// <summary>item_price 30 of the third item, for user_age 25, with no discount: 30 × (1 − 0) / 25.</summary>
    private const double PricePerYear = 30.0 / 25;

    /// <summary>The page, once the catalog is loaded, with the keys of the seeded user and the third item (price 30) typed in.</summary>
    private IRenderedComponent<TryIt> RenderForSeededUserAndItem()
    {
        var page = Render<TryIt>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#try-key-item")), Bound);
        page.Find("#try-key-user").Change(team.User.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.Find("#try-key-item").Change(team.Items[2]);
        return page;
    }

    /// <summary>What FluentRadioGroup's web component raises when a radio is picked.</summary>
    private static void Choose(IRenderedComponent<TryIt> page, ExtractTransport transport) =>
        page.Find("#try-transport").TriggerEvent("onradiogroupchange", new ChangeEventArgs { Value = transport.ToString() });

    private static double? Served(IRenderedComponent<TryIt> page, string transport) =>
        JsonNode.Parse(page.Find($"[data-testid=try-answer-{transport}] [data-testid=try-response]").TextContent)?["features"]?["price_per_year"]?.GetValue<double>();

    private static string Vector(double pricePerYear) =>
        $$"""{"features":{"price_per_year":{{pricePerYear}}},"status":{"price_per_year":"present"},"degraded":false,"registryVersion":1}""";

    /// <summary>The page's JSON client: the live featureapi, with the extracts counted and, given an answer, answered by the test instead.</summary>
    private JsonExtracts ServeJson(string? extractAnswer)
    {
        var json = new JsonExtracts(extractAnswer);
        Services.AddSingleton(new FeatureApiClient(new HttpClient(json) { BaseAddress = team.Host.JsonAddress }, FeatureApiHost.TestKey));
        return json;
    }

    private sealed class JsonExtracts(string? extractAnswer) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int extracts;

        public int Extracts => Volatile.Read(ref extracts);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath != "/api/features/extract")
            {
                return base.SendAsync(request, cancellationToken);
            }
            Interlocked.Increment(ref extracts);
            return extractAnswer is null ? base.SendAsync(request, cancellationToken) : Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(extractAnswer, Encoding.UTF8, "application/json"),
            });
        }
    }
}
