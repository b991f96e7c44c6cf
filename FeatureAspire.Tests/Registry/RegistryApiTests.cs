using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Registry;

/// <summary>
/// Planning and applying repository documents over HTTP: the plan shows the differences and what breaks, an apply
/// stores the next version, If-Match and force guard it, an invalid document changes nothing, and only registry:write
/// may change anything. Each test runs its own FeatureApi on Garnet: applies change what every test would see.
/// </summary>
public sealed class RegistryApiTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public async Task TheStoreStartsWithTheDefaultRepositoryAsVersionOneAndItsDocument()
    {
        await using var host = await FreshHostAsync();
        using var api = host.CreateClient();

        using var response = await api.GetAsync("/api/registry");
        var current = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, current.GetProperty("version").GetInt64());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Contains("f_age_value_ratio", current.GetProperty("document").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await api.ServedVersionAsync());
    }

    [Fact]
    public async Task APlanListsAddedChangedAndRemovedFeaturesAndFlagsWhatBreaks()
    {
        await using var host = await FreshHostAsync();
        using var api = host.CreateClient();
        var document = FeatureApi.Definitions.DefaultRepository.Text
            .Replace("    window: 1h\n    tile: 5m", "    window: 1h\n    tile: 1m", StringComparison.Ordinal)
            .Replace("expression: user_age * current_value", "expression: user_age * current_value * 2", StringComparison.Ordinal);
        document = document[..document.IndexOf("  - name: f_click_trend", StringComparison.Ordinal)] + "defaultFeatures: [f_normalized_value, f_recency_score, f_age_value_ratio]\n";

        using var response = await api.PostAsync("/api/registry/plan", RepositoryCalls.Yaml(document));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();
        var lines = plan.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Contains("Updated feature clicks_1h (breaking)", lines);
        Assert.Contains("  tile: 5m -> 1m", lines);
        Assert.Contains(lines, l => l.Contains("starts the window from empty", StringComparison.Ordinal));
        Assert.Contains("Updated feature f_age_value_ratio", lines);
        Assert.Contains("Deleted feature f_click_trend (breaking)", lines);
        Assert.True(plan.GetProperty("breaking").GetBoolean());
        Assert.Equal(1, plan.GetProperty("baseVersion").GetInt64());
        Assert.Equal(1, await api.ServedVersionAsync());
    }

    [Fact]
    public async Task ABreakingDocumentIsRefusedWithoutForceAndAppliedWithIt()
    {
        await using var host = await FreshHostAsync();
        using var api = host.CreateClient();

        using var refused = await api.PutAsync("/api/registry", RepositoryCalls.Yaml(TeamRepository.Yaml));
        var version = await api.ApplyAsync(TeamRepository.Yaml, force: true);

        ProblemAssertions.AssertProblem(refused, (HttpStatusCode)422, "for a document that removes the seed's features");
        Assert.Equal(2, version);
        Assert.Equal(2, await api.ServedVersionAsync());
    }

    [Fact]
    public async Task ApplyingTheServedDocumentAgainIsNotANewVersionButAnyEditIs()
    {
        await using var host = await FreshHostAsync();
        using var api = host.CreateClient();

        var first = await api.ApplyAsync(TeamRepository.Yaml);
        var again = await api.ApplyAsync(TeamRepository.Yaml);
        var edited = await api.ApplyAsync(TeamRepository.Yaml + "\n# reviewed\n");
        var history = (await api.GetFromJsonAsync<JsonElement>("/api/registry/history")).GetProperty("versions");

        Assert.Equal((2, 2, 3), (first, again, edited));
        Assert.Equal([3L, 2L, 1L], history.EnumerateArray().Select(v => v.GetProperty("version").GetInt64()));
        Assert.Equal(3, await api.ServedVersionAsync());
    }

    [Fact]
    public async Task AnApplyPlannedAgainstAnOlderVersionIsAConflictAndChangesNothing()
    {
        await using var host = await FreshHostAsync();
        using var api = host.CreateClient();
        await api.ApplyAsync(TeamRepository.Yaml);

        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/registry?force=true") { Content = RepositoryCalls.Yaml(FeatureApi.Definitions.DefaultRepository.Text) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var response = await api.SendAsync(stale);

        ProblemAssertions.AssertProblem(response, HttpStatusCode.Conflict, "with If-Match 1 while the store is at 2");
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentVersion").GetInt64());
        Assert.Equal(2, await api.ServedVersionAsync());
    }

    [Fact]
    public async Task AnInvalidDocumentGetsAProblemNamingThePlaceAndChangesNothing()
    {
        await using var host = await FreshHostAsync();
        using var api = host.CreateClient();
        var invalid = TeamRepository.Yaml.Replace("item_views_1h >= 3", "item_view_1h >= 3", StringComparison.Ordinal);

        using var response = await api.PutAsync("/api/registry?force=true", RepositoryCalls.Yaml(invalid));

        var problem = await FeatureAspire.Tests.Api.ApiTests.AssertProblemAsync(response, "features[5].expression");
        Assert.Contains("item_view_1h", problem.GetProperty("errors").GetProperty("features[5].expression")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>("/api/registry")).GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText(\"/etc/passwd\")")]
    [InlineData("user_age.GetType()")]
    [InlineData("typeof(int)")]
    [InlineData("x => x")]
    [InlineData("\"text\"")]
    public async Task AnExpressionReachingOutsideItsInputsIsRefusedWhole(string expression)
    {
        await using var host = await FreshHostAsync();
        using var api = host.CreateClient();
        var document = TeamRepository.Yaml.Replace("expression: item_views_1h >= 3", $"expression: '{expression.Replace("'", "''", StringComparison.Ordinal)}'", StringComparison.Ordinal);

        using var response = await api.PutAsync("/api/registry?force=true", RepositoryCalls.Yaml(document));

        await FeatureAspire.Tests.Api.ApiTests.AssertProblemAsync(response, "features[5].expression");
        Assert.Equal(1, await api.ServedVersionAsync());
    }

    [Fact]
    public async Task OnlyAKeyWithRegistryWriteMayPlanApplyOrRollBack()
    {
        await using var host = await FreshHostAsync();
        using var reader = host.CreateClient(FeatureApiHost.ReaderKey);
        using var writer = host.CreateClient(FeatureApiHost.WriterKey);

        using var plan = await writer.PostAsync("/api/registry/plan", RepositoryCalls.Yaml(TeamRepository.Yaml));
        using var apply = await writer.PutAsync("/api/registry?force=true", RepositoryCalls.Yaml(TeamRepository.Yaml));
        using var rollback = await reader.PostAsync("/api/registry/rollback/1", content: null);
        using var read = await reader.GetAsync("/api/registry");

        ProblemAssertions.AssertProblem(plan, HttpStatusCode.Forbidden, "to features:write alone");
        ProblemAssertions.AssertProblem(apply, HttpStatusCode.Forbidden, "to features:write alone");
        ProblemAssertions.AssertProblem(rollback, HttpStatusCode.Forbidden, "to features:read alone");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task JsonDocumentsAreAcceptedAndOtherMediaTypesAreNot()
    {
        await using var host = await FreshHostAsync();
        using var api = host.CreateClient();
        const string json = """
            {"entities":[{"name":"user","key":"int64"}],
             "features":[{"name":"user_age","source":"stored","entity":"user","type":"int","default":30},
                         {"name":"double_age","source":"derived","expression":"user_age * 2"}]}
            """;

        using var plain = await api.PostAsync("/api/registry/plan", new StringContent(json, System.Text.Encoding.UTF8, "text/plain"));
        using var applied = await api.PutAsync("/api/registry?force=true", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await api.SeedAsync(9, new { user_age = 21 });
        var vector = await api.ExtractEntitiesAsync(new { entities = new { user = 9 } });

        ProblemAssertions.AssertProblem(plain, HttpStatusCode.UnsupportedMediaType);
        // The problem names the media types a document may have, not the JSON routes' "must be JSON".
        Assert.Contains("application/yaml", (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(42.0, vector.GetProperty("features").GetProperty("double_age").GetDouble());
    }

    [Fact]
    public async Task DefinitionsNameEachFeaturesEntityAndExpression()
    {
        await using var host = await FreshHostAsync();
        using var api = host.CreateClient();
        await api.ApplyAsync(TeamRepository.Yaml);

        var definitions = (await api.GetFromJsonAsync<JsonElement>("/api/features/definitions")).EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);

        Assert.Equal("item", definitions["item_price"].GetProperty("entity").GetString());
        Assert.Equal("item", definitions["item_views_1h"].GetProperty("entity").GetString());
        Assert.Equal("item_views_1h >= 3", definitions["is_popular"].GetProperty("expression").GetString());
        Assert.Equal("bool", definitions["is_popular"].GetProperty("type").GetString());
        Assert.Equal(TimeSpan.FromDays(1), TimeSpan.Parse(definitions["item_price"].GetProperty("maxAge").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["item_price", "discount", "user_age"], definitions["price_per_year"].GetProperty("inputs").EnumerateArray().Select(i => i.GetString()));
    }

    private Task<FeatureApiHost> FreshHostAsync() => garnet.FreshFeatureApiAsync();
}
