using System.Net;
using FeatureAdmin.Extensions;
using FeatureAdmin.Security;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FeatureAspire.Tests.Admin;

/// <summary>The pages' featureapi client as the admin registers it, in-process, found through service discovery.</summary>
public sealed class AdminFeatureApiClientTests
{
    private const string AdminApiKey = "client-test-admin-key";
    private static readonly TimeSpan Timeout = ApiGatewayTests.Timeout;

    [Fact]
    public async Task ThePagesClientSendsTheAdminsKeyToFeatureApi()
    {
        var seenKey = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var featureApi = await ApiGatewayTests.StartAsync(WebApplication.CreateSlimBuilder(), app =>
            app.MapGet("/api/store", (HttpRequest request) =>
            {
                seenKey.TrySetResult(request.Headers["X-API-Key"]);
                return Results.Text("""{"server":"garnet","version":"2.2.8","healthy":true,"pingMilliseconds":0.1}""", "application/json");
            }));
        await using var admin = await StartAdminAsync(featureApi.Urls.Single());

        var store = await admin.Services.GetRequiredService<FeatureApiClient>().GetStoreAsync().WaitAsync(Timeout);

        Assert.Equal("garnet", store.Server);
        Assert.Equal(AdminApiKey, await seenKey.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task TheAdminStaysHealthyWhileFeatureApiIsDown()
    {
        // Nothing listens at featureapi's address: the admin must still report itself healthy, since it is where a
        // person goes to see what is wrong.
        await using var admin = await StartAdminAsync("http://127.0.0.1:9");
        using var client = new HttpClient { BaseAddress = new Uri(admin.Urls.Single()) };

        using var response = await client.GetAsync("/health").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static Task<WebApplication> StartAdminAsync(string featureApiAddress)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["services:featureapi:http:0"] = featureApiAddress;
        builder.Configuration["Admin:Password"] = "client-test-password";
        builder.Configuration["FeatureApi:ApiKey"] = AdminApiKey;
        builder.AddServiceDefaults();
        builder.AddAdminAuthentication();
        builder.AddAdminServices();
        return ApiGatewayTests.StartAsync(builder, app => app.MapDefaultEndpoints());
    }
}
