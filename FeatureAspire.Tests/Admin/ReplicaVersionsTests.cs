using System.Net;
using System.Text;
using FeatureAdmin.Api;
using FeatureAspire.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Admin;

/// <summary>The registry page asks each replica, on its own address and with the admin's key, which repository version it serves.</summary>
public sealed class ReplicaVersionsTests
{
    private const string Key = "replica-versions-test-key";
    private static readonly DateTimeOffset Since = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Uri[] Addresses = [new("http://127.0.0.1:5001/"), new("http://127.0.0.1:5002/"), new("http://127.0.0.1:5003/")];

    [Fact]
    public async Task EachReplicaIsAskedWithTheAdminsKeyAndOneThatIsBehindOrBrokenOrSilentLags()
    {
        var handler = new StatusHandler(
            """{"loadedVersion":7,"storeVersion":7,"since":"2025-01-01T00:00:00Z","fromStore":true}""",
            """{"loadedVersion":6,"storeVersion":7,"since":"2025-01-01T00:00:00Z","error":"features[2].expression: Unknown input 'x'.","fromStore":true}""",
            null);
        var services = new ServiceCollection().AddReplicaStatus(ReplicaStatusServices.ReplicaList(Addresses), handler)
            .AddSingleton(new FeatureApiKey(Key)).AddSingleton<ReplicaVersions>();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<ReplicaVersions>().CheckAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Addresses, report.Replicas.Select(replica => replica.Address));
        Assert.All(handler.Keys, key => Assert.Equal(Key, key));
        Assert.Equal([Addresses[1], Addresses[2]], report.Lagging(7).Select(replica => replica.Address));
        Assert.Equal("Up to date", report.Replicas[0].Describe(7));
        Assert.Contains("Unknown input 'x'", report.Replicas[1].Describe(7), StringComparison.Ordinal);
        Assert.StartsWith("No answer", report.Replicas[2].Describe(7), StringComparison.Ordinal);
    }

    [Fact]
    public void AReplicaStillOnTheVersionBeforeAnApplyLagsUntilItCatchesUp()
    {
        var replica = new ReplicaVersion(Addresses[0], new RegistryStatus(4, 4, Since, null, true), null);

        Assert.True(replica.Lags(5));
        Assert.Equal("Serves version 4, behind the store's 5", replica.Describe(5));
        Assert.False(replica.Lags(4));
    }

    /// <summary>Replicas on ports 5001, 5002...: each answers its status JSON, or never answers (null).</summary>
    private sealed class StatusHandler(params string?[] answers) : HttpMessageHandler
    {
        private readonly List<string> keys = [];

        public IReadOnlyList<string> Keys
        {
            get
            {
                lock (keys)
                {
                    return [.. keys];
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath != "/api/registry/status")
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
            }
            lock (keys)
            {
                keys.Add(string.Join(",", request.Headers.GetValues(FeatureApiClient.ApiKeyHeaderName)));
            }
            if (answers[request.RequestUri.Port - 5001] is not { } answer)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new OperationCanceledException(cancellationToken);
            }
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(answer, Encoding.UTF8, "application/json"),
                RequestMessage = request,
            };
        }
    }
}
