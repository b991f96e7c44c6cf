using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>The extract endpoints and the registry: vectors, statuses, batches and the problems bad input gets. Run against real Redis and against Garnet.</summary>
public abstract class ExtractContractTests(ApiFixture fixture) : ApiTests(fixture)
{
    [SkippableFact]
    public async Task ExtractComputesDerivedFeaturesFromStoredAndRequestValues()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();
        await Fixture.SeedAsync(userId, new { user_age = 35, last_7d_clicks = 12.5 });

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
        await Fixture.SeedAsync(userId, new { user_age = 41 });

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
        await Fixture.SeedAsync(known, new { user_age = 20, last_7d_clicks = 3 });

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
}

[Collection(nameof(RedisApiCollection))]
public sealed class ExtractContractOnRedisTests(RedisApiFixture fixture) : ExtractContractTests(fixture);

[Collection(nameof(GarnetApiCollection))]
public sealed class ExtractContractOnGarnetTests(GarnetApiFixture fixture) : ExtractContractTests(fixture);

[Collection(nameof(ClusterApiCollection))]
public sealed class ExtractContractOnClusterTests(ClusterApiFixture fixture) : ExtractContractTests(fixture);
