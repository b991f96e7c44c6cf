using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>The HTTP contract of FeatureApi, run against real Redis and against Garnet.</summary>
public abstract class FeatureApiContractTests(ApiFixture fixture)
{
    protected HttpClient Api
    {
        get
        {
            Skip.If(fixture.Unavailable is not null, fixture.Unavailable);
            return fixture.Client;
        }
    }

    [SkippableFact]
    public async Task ExtractComputesDerivedFeaturesFromStoredAndRequestValues()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();
        await fixture.SeedAsync(userId, new { user_age = 35, last_7d_clicks = 12.5 });

        var vector = await ExtractAsync(api, new { userId, currentValue = 120.0 });

        Assert.Equal(userId, vector.GetProperty("userId").GetInt64());
        var features = vector.GetProperty("features");
        Assert.Equal(["f_normalized_value", "f_recency_score", "f_age_value_ratio"], features.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.2, features.GetProperty("f_normalized_value").GetDouble());
        Assert.Equal(1.0 / 13.5, features.GetProperty("f_recency_score").GetDouble());
        Assert.Equal(4200.0, features.GetProperty("f_age_value_ratio").GetDouble());
        Assert.All(vector.GetProperty("status").EnumerateObject(), s => Assert.Equal("present", s.Value.GetString()));
        Assert.False(vector.GetProperty("degraded").GetBoolean());
    }

    [SkippableFact]
    public async Task ExtractServesDefaultsForAnUnknownUser()
    {
        var api = Api;

        var vector = await ExtractAsync(api, new { userId = ApiFixture.NewUserId(), currentValue = 50.0, features = new[] { "user_age", "last_7d_clicks", "f_age_value_ratio", "f_normalized_value" } });

        var features = vector.GetProperty("features");
        var status = vector.GetProperty("status");
        Assert.Equal(30, features.GetProperty("user_age").GetDouble());
        Assert.Equal(0.0, features.GetProperty("last_7d_clicks").GetDouble());
        Assert.Equal(1500.0, features.GetProperty("f_age_value_ratio").GetDouble());
        Assert.Equal("default", status.GetProperty("user_age").GetString());
        Assert.Equal("default", status.GetProperty("f_age_value_ratio").GetString());
        Assert.Equal("present", status.GetProperty("f_normalized_value").GetString());
        Assert.False(vector.GetProperty("degraded").GetBoolean());
    }

    [SkippableFact]
    public async Task ExtractReturnsTheNamedFeaturesInTheOrderAsked()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();
        await fixture.SeedAsync(userId, new { user_age = 41 });

        var vector = await ExtractAsync(api, new { userId, currentValue = 1.0, features = new[] { "f_recency_score", "user_age", "current_value" } });

        var features = vector.GetProperty("features");
        Assert.Equal(["f_recency_score", "user_age", "current_value"], features.EnumerateObject().Select(p => p.Name));
        Assert.Equal(41, features.GetProperty("user_age").GetDouble());
        Assert.Equal(1.0, features.GetProperty("current_value").GetDouble());
        // last_7d_clicks was never written: the score uses its default and says so.
        Assert.Equal("default", vector.GetProperty("status").GetProperty("f_recency_score").GetString());
        Assert.Equal("present", vector.GetProperty("status").GetProperty("user_age").GetString());
    }

    [SkippableFact]
    public async Task BatchAnswersEveryRequestInOrder()
    {
        var api = Api;
        var known = ApiFixture.NewUserId();
        var unknown = ApiFixture.NewUserId();
        await fixture.SeedAsync(known, new { user_age = 20, last_7d_clicks = 3 });

        using var response = await api.PostAsJsonAsync("/api/features/extract/batch", new
        {
            requests = new object[] { new { userId = known, currentValue = 10.0 }, new { userId = unknown, currentValue = 20.0 }, new { userId = known, currentValue = 30.0 } },
        });
        response.EnsureSuccessStatusCode();
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();

        Assert.Equal([known, unknown, known], results.Select(r => r.GetProperty("userId").GetInt64()));
        Assert.Equal(200.0, results[0].GetProperty("features").GetProperty("f_age_value_ratio").GetDouble());
        Assert.Equal(600.0, results[1].GetProperty("features").GetProperty("f_age_value_ratio").GetDouble());
        Assert.Equal(600.0, results[2].GetProperty("features").GetProperty("f_age_value_ratio").GetDouble());
        Assert.Equal(0.25, results[0].GetProperty("features").GetProperty("f_recency_score").GetDouble());
        Assert.Equal("default", results[1].GetProperty("status").GetProperty("f_recency_score").GetString());
    }

    [SkippableFact]
    public async Task PutMergesStoredFeaturesAndRecordsTheWriteTime()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        await fixture.SeedAsync(userId, new { user_age = 35 });
        await fixture.SeedAsync(userId, new { last_7d_clicks = 12.5 });
        var user = await api.GetFromJsonAsync<JsonElement>($"/api/users/{userId}/features");

        Assert.Equal(userId, user.GetProperty("userId").GetInt64());
        Assert.Equal(35, user.GetProperty("features").GetProperty("user_age").GetDouble());
        Assert.Equal(12.5, user.GetProperty("features").GetProperty("last_7d_clicks").GetDouble());
        var updatedAt = user.GetProperty("updatedAt").GetDateTimeOffset();
        Assert.InRange(updatedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [SkippableFact]
    public async Task StoredFeaturesAreReadableWithRedisCli()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();

        await fixture.SeedAsync(userId, new { user_age = 35, last_7d_clicks = 12.5 });

        var hash = (await fixture.Redis.HashGetAllAsync($"fs:{{u:{userId}}}")).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal("35", hash["user_age"]);
        Assert.Equal("12.5", hash["last_7d_clicks"]);
        Assert.True(long.Parse(hash["updated_at"]) > 0);
        Assert.Equal(hash["updated_at"], hash["ts:user_age"]);
        _ = api;
    }

    [SkippableFact]
    public async Task DeleteRemovesTheUserAndThenAnswers404()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();
        await fixture.SeedAsync(userId, new { user_age = 50 });

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/users/{userId}/features")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/users/{userId}/features")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/users/{userId}/features")).StatusCode);
        var vector = await ExtractAsync(api, new { userId, currentValue = 1.0, features = new[] { "user_age" } });
        Assert.Equal("default", vector.GetProperty("status").GetProperty("user_age").GetString());
    }

    [SkippableFact]
    public async Task BulkUpsertWritesEveryUserAndCountsThem()
    {
        var api = Api;
        var countBefore = (await api.GetFromJsonAsync<JsonElement>("/api/users/count")).GetProperty("count").GetInt64();
        long[] ids = [ApiFixture.NewUserId(), ApiFixture.NewUserId(), ApiFixture.NewUserId()];

        using var response = await api.PutAsJsonAsync("/api/users/features", new
        {
            users = ids.Select((id, i) => new { userId = id, features = new Dictionary<string, double> { ["user_age"] = 20 + i, ["last_7d_clicks"] = i } }),
        });

        response.EnsureSuccessStatusCode();
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("written").GetInt32());
        var countAfter = (await api.GetFromJsonAsync<JsonElement>("/api/users/count")).GetProperty("count").GetInt64();
        Assert.Equal(countBefore + 3, countAfter);
        var third = await api.GetFromJsonAsync<JsonElement>($"/api/users/{ids[2]}/features");
        Assert.Equal(22, third.GetProperty("features").GetProperty("user_age").GetDouble());
    }

    [SkippableFact]
    public async Task BulkUpsertWithOneInvalidUserWritesNothing()
    {
        var api = Api;
        var valid = ApiFixture.NewUserId();
        var invalid = ApiFixture.NewUserId();

        using var response = await api.PutAsJsonAsync("/api/users/features", new
        {
            users = new object[]
            {
                new { userId = valid, features = new { user_age = 33 } },
                new { userId = invalid, features = new { user_age = 33.5 } },
            },
        });

        await AssertProblemAsync(response, "users[1].features.user_age");
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/users/{valid}/features")).StatusCode);
    }

    [SkippableFact]
    public async Task ListPagesThroughUsersInIdOrder()
    {
        var api = Api;
        var ids = Enumerable.Range(0, 5).Select(_ => ApiFixture.NewUserId()).ToArray();
        foreach (var id in ids.Reverse())
        {
            await fixture.SeedAsync(id, new { user_age = 1 });
        }

        var first = await api.GetFromJsonAsync<JsonElement>($"/api/users?limit=2&cursor={ids[0] - 1}");
        var second = await api.GetFromJsonAsync<JsonElement>($"/api/users?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");

        Assert.Equal(ids[..2], first.GetProperty("userIds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(ids[2..4], second.GetProperty("userIds").EnumerateArray().Select(e => e.GetInt64()));
    }

    [SkippableTheory]
    [InlineData("/api/features/extract", "{\"userId\":101,\"currentValue\":1", "body")]
    [InlineData("/api/features/extract", "{\"userId\":\"abc\",\"currentValue\":1}", "userId")]
    [InlineData("/api/features/extract", "{\"currentValue\":1}", "userId")]
    [InlineData("/api/features/extract", "{\"userId\":1}", "currentValue")]
    [InlineData("/api/features/extract", "{\"userId\":0,\"currentValue\":1}", "userId")]
    [InlineData("/api/features/extract", "{\"userId\":-5,\"currentValue\":1}", "userId")]
    [InlineData("/api/features/extract", "{\"userId\":18446744073709551616,\"currentValue\":1}", "userId")]
    [InlineData("/api/features/extract", "{\"userId\":1,\"currentValue\":\"NaN\"}", "currentValue")]
    [InlineData("/api/features/extract", "{\"userId\":1,\"currentValue\":1e999}", "currentValue")]
    [InlineData("/api/features/extract", "{\"userId\":1,\"currentValue\":1,\"features\":[\"user_age\",\"nope\"]}", "features[1]")]
    [InlineData("/api/features/extract", "{\"userId\":1,\"currentValue\":1,\"features\":[\"user_age\",\"user_age\"]}", "features[1]")]
    [InlineData("/api/features/extract", "{\"userId\":1,\"currentValue\":1,\"features\":[]}", "features")]
    [InlineData("/api/features/extract", "{\"userId\":1,\"currentValue\":1,\"featurs\":[\"user_age\"]}", "featurs")]
    [InlineData("/api/features/extract", "[1,2]", "body")]
    [InlineData("/api/features/extract", "null", "body")]
    [InlineData("/api/features/extract/batch", "{\"requests\":[]}", "requests")]
    [InlineData("/api/features/extract/batch", "{\"requests\":[{\"userId\":1,\"currentValue\":1},{\"userId\":2}]}", "requests[1].currentValue")]
    [InlineData("/api/features/extract/batch", "{\"requests\":[null]}", "requests[0]")]
    public async Task ExtractRejectsBadInputWithAProblemNamingTheField(string path, string body, string field)
    {
        var api = Api;

        using var response = await api.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, field);
    }

    [SkippableTheory]
    [InlineData("{\"user_age\":\"x\"}", "user_age")]
    [InlineData("{\"user_age\":35.5}", "user_age")]
    [InlineData("{\"f_recency_score\":1}", "f_recency_score")]
    [InlineData("{\"current_value\":1}", "current_value")]
    [InlineData("{\"last_7d_clicks\":1e400}", "last_7d_clicks")]
    [InlineData("{}", "body")]
    public async Task PutRejectsValuesThatAreNotFiniteStoredFeatures(string body, string field)
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();

        using var response = await api.PutAsync($"/api/users/{userId}/features", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, field);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/users/{userId}/features")).StatusCode);
    }

    [SkippableTheory]
    [InlineData("/api/users/abc/features", "userId")]
    [InlineData("/api/users/0/features", "userId")]
    [InlineData("/api/users?limit=0", "limit")]
    [InlineData("/api/users?cursor=xyz", "cursor")]
    public async Task ReadsRejectBadParametersWithAProblemNamingThem(string path, string field)
    {
        var api = Api;

        using var response = await api.GetAsync(path);

        await AssertProblemAsync(response, field);
    }

    [SkippableFact]
    public async Task OversizedBatchIsRefusedWhole()
    {
        var api = Api;

        using var response = await api.PostAsJsonAsync("/api/features/extract/batch", new
        {
            requests = Enumerable.Range(1, 1001).Select(i => new { userId = i, currentValue = 1.0 }),
        });

        await AssertProblemAsync(response, "requests");
    }

    [SkippableFact]
    public async Task OversizedBodyGetsAProblemNotAServerError()
    {
        var api = Api;

        // Announce a body over the 4 MiB limit and send none of it: the server must refuse from the headers alone.
        // (HttpClient would keep writing the body into a closed connection and report a broken pipe instead.)
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(api.BaseAddress!.Host, api.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/features/extract HTTP/1.1\r\nHost: {api.BaseAddress.Authority}\r\nContent-Type: application/json\r\n" +
                   $"Content-Length: {5 * 1024 * 1024}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var reply = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 413", reply, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", reply, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task DefinitionsListEveryFeatureWithItsKindAndInputs()
    {
        var api = Api;

        var definitions = (await api.GetFromJsonAsync<JsonElement>("/api/features/definitions")).EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetString()!);

        Assert.Equal("stored", definitions["user_age"].GetProperty("kind").GetString());
        Assert.Equal(30, definitions["user_age"].GetProperty("default").GetDouble());
        Assert.Equal("request", definitions["current_value"].GetProperty("kind").GetString());
        Assert.Equal(["user_age", "current_value"], definitions["f_age_value_ratio"].GetProperty("inputs").EnumerateArray().Select(i => i.GetString()));
    }

    [SkippableFact]
    public async Task OpenApiDocumentDescribesEveryEndpoint()
    {
        var api = Api;

        var document = await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "/api/features/extract", "/api/features/extract/batch", "/api/features/definitions",
            "/api/users/{userId}/features", "/api/users/features", "/api/users", "/api/users/count",
        }, paths);
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ExtractResponse", out _));
    }

    private static async Task<JsonElement> ExtractAsync(HttpClient api, object request)
    {
        using var response = await api.PostAsJsonAsync("/api/features/extract", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("Server-Timing", out _));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains(field, fields);
    }
}

public sealed class FeatureApiContractOnRedisTests(RedisApiFixture fixture) : FeatureApiContractTests(fixture), IClassFixture<RedisApiFixture>;

public sealed class FeatureApiContractOnGarnetTests(GarnetApiFixture fixture) : FeatureApiContractTests(fixture), IClassFixture<GarnetApiFixture>;
