using System.Net;
using System.Net.Http.Headers;
using FeatureAspire.Client;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Client;

/// <summary>How a refused answer reaches the caller: a <see cref="FeatureApiException"/> with the status and the problem.</summary>
public sealed class FeatureApiErrorModelTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public async Task ARateLimitedCallCarriesTheWaitFeatureApiAskedFor()
    {
        using var stub = new StubFeatureApi(HttpStatusCode.TooManyRequests,
            """{"title":"Too many requests.","status":429,"detail":"The key's write budget is spent."}""",
            decorate: response => response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));
        var client = new FeatureApiClient(stub.CreateClient());

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => client.SendEventsAsync([new(1, "clicks")]));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.RetryAfter);
        Assert.Equal("The key's write budget is spent.", refused.Problem?.Detail);
        Assert.Empty(refused.Errors);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "No API key.")]
    [InlineData(HttpStatusCode.Forbidden, "The key lacks the scope features:write.")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "The feature store is unavailable.")]
    [InlineData(HttpStatusCode.InsufficientStorage, "The feature store is full.")]
    public async Task ARefusalCarriesItsStatusAndProblemTitle(HttpStatusCode status, string title)
    {
        using var stub = new StubFeatureApi(status, $$"""{"title":"{{title}}","status":{{(int)status}}}""");
        var client = new FeatureApiClient(stub.CreateClient());

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => client.UpsertUserAsync(1, new Dictionary<string, double> { ["user_age"] = 1 }));

        Assert.Equal(status, refused.StatusCode);
        Assert.Equal(title, refused.Problem?.Title);
        Assert.Contains($"{(int)status}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("PUT /api/users/1/features", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerThatIsNotAProblemStillGivesTheStatus()
    {
        using var stub = new StubFeatureApi(HttpStatusCode.BadGateway, "<html>upstream gone</html>", "text/html");
        var client = new FeatureApiClient(stub.CreateClient());

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => client.GetStoreAsync());

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Null(refused.Problem);
        Assert.Null(refused.RetryAfter);
    }

    [Fact]
    public async Task TheApiKeyTravelsInTheHeaderOfEveryCall()
    {
        using var stub = new StubFeatureApi(HttpStatusCode.OK, """{"count":3}""", "application/json");
        var client = new FeatureApiClient(stub.CreateClient(), apiKey: "secret-key");

        await client.CountUsersAsync();

        var request = Assert.Single(stub.Requests);
        Assert.Equal(["secret-key"], request.Headers.GetValues(FeatureApiClient.ApiKeyHeaderName));
    }

    [Fact]
    public async Task EveryEventLeavesWithAnIdSoRetriesCannotCountItTwice()
    {
        using var stub = new StubFeatureApi(HttpStatusCode.Accepted, """{"accepted":2,"duplicates":0}""", "application/json");
        var client = new FeatureApiClient(stub.CreateClient());

        await client.SendEventsAsync([new(1, "clicks"), new(1, "clicks", EventId: "mine")]);

        var body = System.Text.Json.JsonDocument.Parse(Assert.Single(stub.Bodies)).RootElement;
        var ids = body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()).ToList();
        Assert.Equal("mine", ids[1]);
        Assert.False(string.IsNullOrEmpty(ids[0]));
    }

    [Fact]
    public async Task AnApplyLeavesWithItsExpectedVersionAsIfMatchAndItsDocumentAsYaml()
    {
        using var stub = new StubFeatureApi(HttpStatusCode.OK,
            """{"version":4,"baseVersion":3,"breaking":false,"summary":"No changes.","changes":[],"lines":[]}""", "application/json");
        var client = new FeatureApiClient(stub.CreateClient());

        var plan = await client.ApplyRegistryAsync("entities: []\n", expectedVersion: 3, force: true);

        var request = Assert.Single(stub.Requests);
        Assert.Equal((HttpMethod.Put, "/api/registry?force=true"), (request.Method, request.RequestUri!.PathAndQuery));
        Assert.Equal("\"3\"", Assert.Single(request.Headers.IfMatch).Tag);
        Assert.Equal("application/yaml", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("entities: []\n", Assert.Single(stub.Bodies));
        Assert.Equal(4, plan.Version);
    }

    [Fact]
    public async Task AnApplyWithoutAnExpectedVersionOrForceSendsNeither()
    {
        using var stub = new StubFeatureApi(HttpStatusCode.OK,
            """{"version":4,"baseVersion":3,"breaking":false,"summary":"No changes.","changes":[],"lines":[]}""", "application/json");
        var client = new FeatureApiClient(stub.CreateClient());

        await client.ApplyRegistryAsync("{}", mediaType: RepositoryMediaType.Json);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("/api/registry", request.RequestUri!.PathAndQuery);
        Assert.Empty(request.Headers.IfMatch);
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task AKeyThatIsADotSegmentIsRefusedBeforeAnythingIsSent(string key)
    {
        using var stub = new StubFeatureApi(HttpStatusCode.NoContent);
        var client = new FeatureApiClient(stub.CreateClient());

        // Sent, the path would lose the segment and reach another route (PUT /api/entities/{entity}/features for ".").
        await Assert.ThrowsAsync<ArgumentException>(() => client.UpsertEntityAsync("item", key, new Dictionary<string, double> { ["item_price"] = 1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetEntityAsync("item", key));
        await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteEntityAsync("item", key));

        Assert.Empty(stub.Requests);
    }

    [Fact]
    public void AClientWithoutABaseAddressIsRefusedAtConstruction()
    {
        using var http = new HttpClient();

        Assert.Throws<ArgumentException>(() => new FeatureApiClient(http));
    }

    [Fact]
    public async Task ABodyOverFeatureApisLimitIsATooLargeRefusal()
    {
        await using var host = new FeatureApiHost(garnet.Store, new Dictionary<string, string?> { ["FeatureServing:MaxRequestBodyBytes"] = "2048" });
        var client = new FeatureApiClient(host.CreateClient());
        var users = Enumerable.Range(1, 200).Select(id => new UserFeatureValues(id, new Dictionary<string, double> { ["user_age"] = 30 })).ToList();

        var refused = await Assert.ThrowsAsync<FeatureApiException>(() => client.UpsertUsersAsync(users));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("The request body is too large.", refused.Problem?.Title);
    }
}
