using System.Net;
using System.Text.Json;

namespace FeatureAspire.Tests.Admin;

/// <summary>The admin's origin serves featureapi's API through YARP, in the real AppHost.</summary>
[Collection(AdminStackCollection.Name)]
public sealed class AdminGatewayTests(AdminStackFixture stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FeatureDefinitionsAtTheAdminsOriginComeFromFeatureApi()
    {
        using var admin = stack.App.CreateHttpClient("featureadmin");

        using var response = await admin.GetAsync("/api/features/definitions").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var names = body.RootElement.EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
        Assert.Contains("user_age", names);
        Assert.Contains("f_recency_score", names);
    }

    [Fact]
    public async Task WritesThroughTheAdminAreReadBackFromFeatureApiDirectly()
    {
        using var admin = stack.App.CreateHttpClient("featureadmin");
        using var api = stack.App.CreateHttpClient("featureapi");
        var userId = Random.Shared.NextInt64(5_000_000, 6_000_000);

        using var put = await admin.PutAsync($"/api/users/{userId}/features",
            new StringContent("""{"user_age":44}""", System.Text.Encoding.UTF8, "application/json")).WaitAsync(Timeout);
        var stored = await api.GetStringAsync($"/api/users/{userId}/features").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(44, JsonDocument.Parse(stored).RootElement.GetProperty("features").GetProperty("user_age").GetDouble());
    }
}
