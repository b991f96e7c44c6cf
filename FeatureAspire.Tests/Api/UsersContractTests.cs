using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeatureApi.Store;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>Writing, reading, deleting and browsing stored features through the users endpoints. Run against real Redis and against Garnet.</summary>
public abstract class UsersContractTests(ApiFixture fixture) : ApiTests(fixture)
{
    [SkippableFact]
    public async Task PutMergesStoredFeaturesAndRecordsTheWriteTime()
    {
        var api = Api;
        var userId = ApiFixture.NewUserId();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        await Fixture.SeedAsync(userId, new { user_age = 35 });
        await Fixture.SeedAsync(userId, new { last_7d_clicks = 12.5 });
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

        await Fixture.SeedAsync(userId, new { user_age = 35, last_7d_clicks = 12.5 });

        Assert.Equal($"fs:{{u:{userId}}}", FeatureKeys.User(userId).ToString());
        var hash = (await Fixture.Redis.HashGetAllAsync(FeatureKeys.User(userId))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
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
        await Fixture.SeedAsync(userId, new { user_age = 50 });

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
            await Fixture.SeedAsync(id, new { user_age = 1 });
        }

        var first = await api.GetFromJsonAsync<JsonElement>($"/api/users?limit=2&cursor={ids[0] - 1}");
        var second = await api.GetFromJsonAsync<JsonElement>($"/api/users?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");

        Assert.Equal(ids[..2], first.GetProperty("userIds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(ids[2..4], second.GetProperty("userIds").EnumerateArray().Select(e => e.GetInt64()));
    }

    [SkippableFact]
    public async Task PagesAndCountSpanEveryShardOfTheUserIndex()
    {
        var api = Api;
        var countBefore = (await api.GetFromJsonAsync<JsonElement>("/api/users/count")).GetProperty("count").GetInt64();
        // More consecutive ids than index shards, so every shard holds some and each page merges several shards.
        var ids = Enumerable.Range(0, FeatureKeys.IndexShards * 2 + 3).Select(_ => ApiFixture.NewUserId()).ToArray();
        using (var write = await api.PutAsJsonAsync("/api/users/features", new
        {
            users = ids.Reverse().Select(id => new { userId = id, features = new { user_age = 1 } }),
        }))
        {
            write.EnsureSuccessStatusCode();
        }

        var seen = new List<long>();
        var cursor = (ids[0] - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (seen.Count < ids.Length)
        {
            var page = await api.GetFromJsonAsync<JsonElement>($"/api/users?limit=7&cursor={cursor}");
            seen.AddRange(page.GetProperty("userIds").EnumerateArray().Select(e => e.GetInt64()).TakeWhile(id => id <= ids[^1]));
            cursor = page.GetProperty("nextCursor").GetString()!;
        }

        Assert.Equal(ids, seen);
        var countAfter = (await api.GetFromJsonAsync<JsonElement>("/api/users/count")).GetProperty("count").GetInt64();
        Assert.Equal(countBefore + ids.Length, countAfter);
    }

    [SkippableTheory]
    [InlineData("{\"user_age\":\"x\"}", "user_age")]
    [InlineData("{\"user_age\":35.5}", "user_age")]
    [InlineData("{\"f_recency_score\":1}", "f_recency_score")]
    [InlineData("{\"current_value\":1}", "current_value")]
    [InlineData("{\"last_7d_clicks\":1e400}", "last_7d_clicks")]
    [InlineData("{}", "body")]
    [InlineData("{\"last_7d_clicks\":1e16}", "last_7d_clicks")]
    [InlineData("{\"last_7d_clicks\":-1e300}", "last_7d_clicks")]
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
}

[Collection(nameof(RedisApiCollection))]
public sealed class UsersContractOnRedisTests(RedisApiFixture fixture) : UsersContractTests(fixture);

[Collection(nameof(GarnetApiCollection))]
public sealed class UsersContractOnGarnetTests(GarnetApiFixture fixture) : UsersContractTests(fixture);

[Collection(nameof(ClusterApiCollection))]
public sealed class UsersContractOnClusterTests(ClusterApiFixture fixture) : UsersContractTests(fixture);
