using System.Net;
using System.Net.Http.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.AppHost;

public sealed class AppHostTests
{
    [RequiresRedisServerFact]
    public Task StackStartsOnRedisServerAndRoundTripsThroughFeatureApi() => StackServesAsync("redis-server");

    [Fact]
    public Task StackStartsOnGarnetAndRoundTripsThroughFeatureApi() => StackServesAsync("garnet");

    private static async Task StackServesAsync(string storeMode)
    {
        await using var app = await FeatureAspireApp.StartAsync(storeMode);

        using var api = app.CreateHttpClient("featureapi");
        using var roundTrip = await api.PostAsync("/api/store/roundtrip", content: null).WaitAsync(FeatureAspireApp.StartTimeout);
        Assert.Equal(HttpStatusCode.OK, roundTrip.StatusCode);
        var body = await roundTrip.Content.ReadFromJsonAsync<RoundTrip>();
        Assert.NotNull(body);
        Assert.Equal(body.Written, body.Read);

        using var admin = app.CreateHttpClient("featureadmin");
        var home = await admin.GetStringAsync("/").WaitAsync(FeatureAspireApp.StartTimeout);
        Assert.Contains("FeatureAspire", home, StringComparison.Ordinal);
    }

    private sealed record RoundTrip(string Written, string Read, double ElapsedMilliseconds);
}
