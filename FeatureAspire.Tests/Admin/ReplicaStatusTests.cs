using System.Net;
using FeatureAdmin.Api;
using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.Tests.Admin;

/// <summary>
/// The admin's replica check against replicas listed the way the AppHost lists them (the named endpoint
/// <c>replicas</c> of featureapi), each answering /health the way a test handler says.
/// </summary>
public sealed class ReplicaStatusTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HealthyAndDegradedReplicasAnswerAndEveryStateIsShown()
    {
        var report = await CheckAsync(Replicas(
            (HttpStatusCode.OK, "Healthy"), (HttpStatusCode.OK, "Degraded"), (HttpStatusCode.ServiceUnavailable, "Unhealthy")));

        Assert.True(report.Each);
        Assert.Null(report.Error);
        Assert.Equal(2, report.Answering);
        Assert.Equal(["Healthy", "Degraded", "Unhealthy"], report.Replicas.Select(replica => replica.State));
        Assert.Equal([true, true, false], report.Replicas.Select(replica => replica.Answering));
    }

    [Fact]
    public async Task AReplicaThatIsSilentOrGoneDoesNotAnswerAndTheCheckStillReturns()
    {
        var report = await CheckAsync(Replicas((HttpStatusCode.OK, "Healthy"), Silent, Gone));

        Assert.Equal(1, report.Answering);
        Assert.Equal(3, report.Replicas.Count);
        Assert.Equal("No answer in time.", report.Replicas[1].State);
        Assert.Contains("cannot be reached", report.Replicas[2].State, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAReplicaListTheServicesOwnAddressIsChecked()
    {
        var handler = Replicas((HttpStatusCode.OK, "Healthy"));
        var report = await CheckAsync(handler, new() { ["services:featureapi:http:0"] = handler.Addresses[0].ToString() });

        Assert.False(report.Each);
        var replica = Assert.Single(report.Replicas);
        Assert.Equal(handler.Addresses[0], replica.Address);
        Assert.True(replica.Answering);
    }

    [Fact]
    public void TheServiceAsAWholeIsTheReplicaWithTheBestAnswer()
    {
        var silent = Answer(5001, "No answer in time.", answering: false);
        var degraded = Answer(5002, "Degraded", answering: true);
        var healthy = Answer(5003, "Healthy", answering: true);

        Assert.Same(healthy, new ReplicaReport([silent, degraded, healthy], true, null).Service);
        Assert.Same(degraded, new ReplicaReport([silent, degraded], true, null).Service);
        Assert.Same(silent, new ReplicaReport([silent, Answer(5004, "Unhealthy", answering: false)], true, null).Service);
        Assert.Null(new ReplicaReport([], false, "Service discovery did not list the replicas in time.").Service);
    }

    private static ReplicaAnswer Answer(int port, string state, bool answering) => new(new Uri($"http://127.0.0.1:{port}/"), state, answering);

    private static readonly (HttpStatusCode, string)? Silent = null;
    private static readonly (HttpStatusCode, string)? Gone = (0, "");

    private static ReplicaHandler Replicas(params (HttpStatusCode Status, string Body)?[] answers) => new(answers);

    private static async Task<ReplicaReport> CheckAsync(ReplicaHandler handler, Dictionary<string, string?>? configuration = null)
    {
        var services = new ServiceCollection().AddReplicaStatus(configuration ?? ReplicaStatusServices.ReplicaList(handler.Addresses), handler);
        await using var provider = services.BuildServiceProvider();

        return await provider.GetRequiredService<ReplicaStatus>().CheckAsync(CancellationToken.None).WaitAsync(Bound);
    }

    /// <summary>
    /// Replicas on ports 5001, 5002...: each answers with its status and body, never answers (null), or refuses the
    /// connection (status 0).
    /// </summary>
    private sealed class ReplicaHandler((HttpStatusCode Status, string Body)?[] answers) : HttpMessageHandler
    {
        public IReadOnlyList<Uri> Addresses { get; } = [.. answers.Select((_, i) => new Uri($"http://127.0.0.1:{5001 + i}/"))];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal("/health", request.RequestUri!.AbsolutePath);
            switch (answers[request.RequestUri.Port - 5001])
            {
                case null:
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    throw new OperationCanceledException(cancellationToken);
                case { Status: 0 }:
                    throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");
                case var (status, body):
                    return new HttpResponseMessage(status) { Content = new StringContent(body), RequestMessage = request };
            }
        }
    }
}
