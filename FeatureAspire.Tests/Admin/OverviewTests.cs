using System.Net;
using Bunit;
using FeatureAdmin.Components.Pages;
using FeatureAspire.Client;
using FeatureAspire.Tests.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAspire.Tests.Admin;

/// <summary>The overview page against a stand-in featureapi whose two replicas, and whose service address, answer every call with "Healthy".</summary>
public sealed class OverviewTests
{
    private static readonly Uri[] ReplicaAddresses = [new("http://127.0.0.1:5001/"), new("http://127.0.0.1:5002/")];

    [Fact]
    public async Task OneLoadAsksEachReplicasHealthOnceAndShowsTheServiceFromThoseAnswers()
    {
        using var featureApi = new StubFeatureApi(HttpStatusCode.OK, "Healthy", "text/plain");
        // Disposed asynchronously: service discovery's resolver only implements IAsyncDisposable.
        await using var context = new BunitContext();
        context.Services.AddFluentUIComponents();
        context.Services.AddSingleton(new FeatureApiClient(featureApi.CreateClient(), apiKey: "overview-test-key"));
        context.Services.AddReplicaStatus(ReplicaStatusServices.ReplicaList(ReplicaAddresses), featureApi);
        context.JSInterop.Mode = JSRuntimeMode.Loose;

        var page = context.Render<Home>();

        // The page shows its tiles once every call of the load has come back.
        // bUnit waits one second by default; a loaded machine can take longer to run the calls.
        page.WaitForAssertion(() => Assert.Equal("2 of 2 answering", page.Find("[data-testid=replicas-answering]").TextContent.Trim()),
            TimeSpan.FromSeconds(30));
        var asked = featureApi.Requests.Where(request => request.RequestUri!.AbsolutePath == "/health").Select(request => request.RequestUri!.Authority);
        Assert.Equal(ReplicaAddresses.Select(address => address.Authority), asked.Order(StringComparer.Ordinal));
        Assert.Contains("/health answered “Healthy”", page.Find("[data-testid=api-tile]").TextContent, StringComparison.Ordinal);
    }
}
