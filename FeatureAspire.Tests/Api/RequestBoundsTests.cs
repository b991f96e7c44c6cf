using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>
/// No request costs more than its size: lists longer than anything valid are refused while they are read, problems are
/// bounded, bodies must be JSON, and unknown properties are named from the contract.
/// </summary>
[Collection(nameof(RedisApiCollection))]
public sealed class RequestBoundsTests(RedisApiFixture fixture) : ApiTests(fixture)
{
    [SkippableFact]
    public async Task AMillionEmptyFeatureNamesAreRefusedWithAProblemOfAFewHundredBytes()
    {
        var api = Api;
        var body = new StringBuilder("""{"userId":1,"currentValue":1,"features":[""");
        body.Insert(body.Length, "\"\",", 999_999).Append("\"\"]}");

        using var response = await api.PostAsync("/api/features/extract", new StringContent(body.ToString(), Encoding.UTF8, "application/json"));

        var size = (await response.Content.ReadAsByteArrayAsync()).Length;
        var problem = await AssertProblemAsync(response, "features");
        Assert.True(size < 16 * 1024, $"The problem is {size} bytes.");
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
    }

    [SkippableFact]
    public async Task ABatchLongerThanTheLimitIsRefusedBeforeAnyOfItsItemsIsRead()
    {
        var api = Api;
        // Every item is invalid: had any been read, its own error would be named too.
        using var response = await PostInvalidBatchAsync(api, items: 1001);

        var problem = await AssertProblemAsync(response, "requests");
        Assert.Equal(["requests"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [SkippableFact]
    public async Task AProblemNamesAtMostTwentyFieldsCountsTheRestAndSaysSoInOneSentence()
    {
        var api = Api;
        // 300 invalid items, two errors each.
        using var response = await PostInvalidBatchAsync(api, items: 300);

        var problem = await AssertProblemAsync(response, "requests[0].userId");
        Assert.Equal(20, problem.GetProperty("errors").EnumerateObject().Count());
        Assert.Equal(580, problem.GetProperty("moreErrors").GetInt32());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Equal("requests[0].userId and 599 other fields are invalid (see errors).", detail);
    }

    [SkippableTheory]
    [InlineData("POST", "/api/features/extract", "text/plain")]
    [InlineData("POST", "/api/features/extract", null)]
    [InlineData("POST", "/api/features/extract/batch", "application/x-www-form-urlencoded")]
    [InlineData("POST", "/api/features/extract/batch", null)]
    [InlineData("PUT", "/api/users/7/features", "text/plain")]
    [InlineData("PUT", "/api/users/7/features", null)]
    [InlineData("PUT", "/api/users/features", null)]
    [InlineData("POST", "/api/events", "text/plain")]
    [InlineData("POST", "/api/events", null)]
    public async Task EveryRouteThatReadsABodyRefusesOneThatIsNotJson(string method, string path, string? contentType)
    {
        var api = Api;
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"userId":7,"currentValue":1}"""));
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = content });

        ProblemAssertions.AssertProblem(response, HttpStatusCode.UnsupportedMediaType, $"with Content-Type {contentType ?? "(none)"}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("/api/features/extract", """{"userId":1,"currentValue":1,"featurs":["user_age"]}""", "featurs", "userId, currentValue, features")]
    [InlineData("/api/features/extract/batch", """{"requests":[{"userId":1,"currentValue":1},{"userId":2,"currentValue":1,"extra":true}]}""",
        "requests[1].extra", "userId, currentValue")]
    [InlineData("/api/events", """{"events":[{"userId":1,"stream":"clicks","valeu":2}]}""", "events[0].valeu", "userId, stream, value, timestamp, eventId")]
    public async Task AnUnknownPropertyIsNamedWithThePropertiesItsObjectTakes(string path, string body, string field, string allowed)
    {
        var api = Api;

        using var response = await api.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, field);
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString();
        Assert.Contains($"takes {allowed}", message, StringComparison.Ordinal);
    }

    /// <summary>A batch extract of <paramref name="items"/> items that are each invalid twice (userId 0, no currentValue).</summary>
    private static Task<HttpResponseMessage> PostInvalidBatchAsync(HttpClient api, int items) =>
        api.PostAsync("/api/features/extract/batch", new StringContent(
            "{\"requests\":[" + string.Join(',', Enumerable.Repeat("{\"userId\":0}", items)) + "]}", Encoding.UTF8, "application/json"));
}
