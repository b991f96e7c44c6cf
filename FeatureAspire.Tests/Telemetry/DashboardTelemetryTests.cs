using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.AppHost;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Telemetry;

/// <summary>
/// The whole stack with the Aspire dashboard on: featureapi's spans and metrics reach it over OTLP, as a person
/// running <c>dotnet run --project FeatureAspire.AppHost</c> would see them.
/// </summary>
public sealed class DashboardTelemetryTests
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ExtractSpansAndFeatureMetricsArriveAtTheDashboard()
    {
        var dashboardUrl = new Uri($"http://127.0.0.1:{FeatureApiCalls.FreeLoopbackPort()}");
        await using var app = await FeatureAspireApp.StartAsync("garnet", dashboardUrl);
        using var api = app.CreateHttpClient("featureapi");
        api.DefaultRequestHeaders.Add("X-API-Key", await app.GetSecretAsync("developer-api-key"));
        // The testing builder randomizes ports behind DCP's proxy: ask the model where the dashboard really is.
        var dashboardResource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "aspire-dashboard");
        using var dashboard = new HttpClient { BaseAddress = app.GetEndpoint(dashboardResource.Name, "http") };

        for (var i = 1; i <= 3; i++)
        {
            (await api.PostAsJsonAsync("/api/features/extract", new { userId = i, currentValue = 1.0 })).EnsureSuccessStatusCode();
        }

        var spans = await EventuallyAsync(dashboard, "/api/telemetry/spans?resource=featureapi",
            body => body.Contains("\"features.extract\"", StringComparison.Ordinal)
                    && body.Contains("\"features.store.lookup\"", StringComparison.Ordinal));
        Assert.Contains("\"features.compute\"", spans, StringComparison.Ordinal);
        Assert.Contains("features.degraded", spans, StringComparison.Ordinal);

        // Each service sends its first batch on its own schedule: wait for both, not for featureapi and then assert.
        await EventuallyAsync(dashboard, "/api/telemetry/resources", body =>
            JsonDocument.Parse(body).RootElement.EnumerateArray().Any(r =>
                r.GetProperty("name").GetString() == "featureapi" && r.GetProperty("hasMetrics").GetBoolean())
            && body.Contains("featureadmin", StringComparison.Ordinal));
    }

    /// <summary>Polls a dashboard telemetry path until its answer matches: telemetry arrives in batches, seconds later.</summary>
    internal static async Task<string> EventuallyAsync(HttpClient dashboard, string path, Func<string, bool> arrived)
    {
        var until = DateTime.UtcNow + ArrivalTimeout;
        var body = "";
        while (DateTime.UtcNow < until)
        {
            using var response = await dashboard.GetAsync(path);
            body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && arrived(body))
            {
                return body;
            }
            await Task.Delay(500);
        }
        Assert.Fail($"Nothing matching arrived at {path} within {ArrivalTimeout}; last answer: {body[..Math.Min(body.Length, 500)]}");
        return body;
    }
}
