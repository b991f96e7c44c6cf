using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Registry;

/// <summary>
/// A team's repository applied live serves its own entities: string keys, a live aggregate on its own stream, a
/// cross-entity derived feature and a named set, on redis-server, Garnet and the cluster; and a rollback brings the
/// earlier answers back. Each store runs its own FeatureApi: applying a repository changes what every test sees.
/// </summary>
public abstract class RepositoryServingTests(string storeKind) : StoreApiTests(storeKind, TeamRepository.Yaml)
{
    [SkippableFact]
    public async Task StoredLiveRequestAndCrossEntityFeaturesOfTwoEntitiesAreServed()
    {
        SkipWithoutStore();
        var (user, item) = (ApiFixture.NewUserId(), $"sku-{ApiFixture.NewUserId()}");
        await Api.SeedAsync(user, new { user_age = 40 });
        using (var price = await Api.PutAsJsonAsync($"/api/entities/item/{item}/features", new { item_price = 200.0 }))
        {
            Assert.Equal(HttpStatusCode.NoContent, price.StatusCode);
        }
        using (var views = await Api.PostAsJsonAsync("/api/events", new
        {
            events = Enumerable.Range(0, 4).Select(i => new { stream = "views", key = item, eventId = $"{item}-{i}" }),
        }))
        {
            Assert.Equal(HttpStatusCode.Accepted, views.StatusCode);
        }

        var vector = await Api.ExtractEntitiesAsync(new
        {
            entities = new Dictionary<string, object> { ["user"] = user, ["item"] = item },
            request = new { discount = 0.25 },
            featureSet = "ranker_v2",
        });

        var features = vector.GetProperty("features");
        Assert.Equal(["price_per_year", "is_popular", "item_views_1h"], features.EnumerateObject().Select(p => p.Name));
        Assert.Equal(200.0 * (1 - 0.25) / 40, features.GetProperty("price_per_year").GetDouble());
        Assert.Equal(1.0, features.GetProperty("is_popular").GetDouble());
        Assert.Equal(4.0, features.GetProperty("item_views_1h").GetDouble());
        Assert.All(vector.GetProperty("status").EnumerateObject(), s => Assert.Equal("present", s.Value.GetString()));
        Assert.Equal(item, vector.GetProperty("entities").GetProperty("item").GetString());
        Assert.Equal(user, vector.GetProperty("entities").GetProperty("user").GetInt64());
        Assert.True(vector.GetProperty("registryVersion").GetInt64() >= 2);
    }

    [SkippableFact]
    public async Task AnUnknownItemServesDefaultsAndAnEventIdCountsOnceForItsItem()
    {
        SkipWithoutStore();
        var item = $"sku-{ApiFixture.NewUserId()}";
        var again = new { events = new[] { new { stream = "views", key = item, eventId = "same" } } };
        using (await Api.PostAsJsonAsync("/api/events", again))
        using (var second = await Api.PostAsJsonAsync("/api/events", again))
        {
            Assert.Equal(1, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicates").GetInt32());
        }

        var vector = await Api.ExtractEntitiesAsync(new
        {
            entities = new Dictionary<string, object> { ["user"] = ApiFixture.NewUserId(), ["item"] = item },
            request = new { discount = 0.0 },
            features = new[] { "price_per_year", "item_views_1h" },
        });

        Assert.Equal(10.0 / 30, vector.GetProperty("features").GetProperty("price_per_year").GetDouble());
        Assert.Equal("default", vector.GetProperty("status").GetProperty("price_per_year").GetString());
        Assert.Equal(1.0, vector.GetProperty("features").GetProperty("item_views_1h").GetDouble());
    }

    [SkippableFact]
    public async Task AnExtractLackingAnEntityOrRequestFieldTheFeaturesNeedNamesIt()
    {
        SkipWithoutStore();

        using var response = await Api.PostAsJsonAsync("/api/features/extract", new
        {
            entities = new { user = 5 },
            featureSet = "ranker_v2",
        });

        var problem = await Api_AssertProblemAsync(response, "entities.item");
        Assert.True(problem.GetProperty("errors").TryGetProperty("request.discount", out _));
    }

    [SkippableTheory]
    [InlineData("sku 9")]
    [InlineData("sku}9")]
    [InlineData("a-key-of-one-hundred-and-twenty-nine-characters-is-one-too-long-for-an-entity-key-so-it-is-refused-before-it-reaches-a-key-name-x")]
    public async Task AStringKeyOutsideItsAlphabetIsRefusedBeforeItReachesAKeyName(string key)
    {
        SkipWithoutStore();

        using var response = await Api.PostAsJsonAsync("/api/features/extract", new
        {
            entities = new Dictionary<string, object> { ["user"] = 1, ["item"] = key },
            request = new { discount = 0.0 },
        });
        using var write = await Api.PutAsJsonAsync($"/api/entities/item/{Uri.EscapeDataString(key)}/features", new { item_price = 1.0 });

        await Api_AssertProblemAsync(response, "entities.item");
        await Api_AssertProblemAsync(write, "key");
    }

    [SkippableFact]
    public async Task ARollbackBringsTheEarlierAnswersBack()
    {
        SkipWithoutStore();
        var item = $"sku-{ApiFixture.NewUserId()}";
        using (await Api.PutAsJsonAsync($"/api/entities/item/{item}/features", new { item_price = 100.0 }))
        {
        }
        object request = new { entities = new Dictionary<string, object> { ["user"] = 7, ["item"] = item }, request = new { discount = 0.5 } };
        var before = await Api.ExtractEntitiesAsync(request);
        var teamVersion = before.GetProperty("registryVersion").GetInt64();
        await Api.ApplyAsync(TeamRepository.Yaml.Replace("item_price * (1 - discount)", "item_price * (1 + discount)", StringComparison.Ordinal));
        var changed = await Api.ExtractEntitiesAsync(request);

        using var rollback = await Api.PostAsync($"/api/registry/rollback/{teamVersion}", content: null);
        var after = await Api.ExtractEntitiesAsync(request);

        Assert.Equal(100.0 * 1.5 / 30, changed.GetProperty("features").GetProperty("price_per_year").GetDouble());
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(100.0 * 0.5 / 30, after.GetProperty("features").GetProperty("price_per_year").GetDouble());
        Assert.True(after.GetProperty("registryVersion").GetInt64() > changed.GetProperty("registryVersion").GetInt64());
        var history = await Api.GetFromJsonAsync<JsonElement>("/api/registry/history");
        Assert.Equal(teamVersion, history.GetProperty("versions")[0].GetProperty("rollbackOf").GetInt64());
    }

    private static Task<JsonElement> Api_AssertProblemAsync(HttpResponseMessage response, string field) =>
        FeatureAspire.Tests.Api.ApiTests.AssertProblemAsync(response, field);
}

public sealed class RepositoryServingOnRedisTests() : RepositoryServingTests("redis");

public sealed class RepositoryServingOnGarnetTests() : RepositoryServingTests("garnet");

public sealed class RepositoryServingOnClusterTests() : RepositoryServingTests("cluster");
