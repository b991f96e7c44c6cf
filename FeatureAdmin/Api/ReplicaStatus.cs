using System.Net;
using Microsoft.Extensions.ServiceDiscovery;

namespace FeatureAdmin.Api;

/// <summary>One featureapi replica's answer to <c>/health</c>: its state, or why there was none.</summary>
/// <param name="Address">The replica's own address.</param>
/// <param name="State">Healthy, Degraded or Unhealthy as the replica said it, or the reason it did not answer.</param>
/// <param name="Answering">It answered Healthy or Degraded: it serves requests (degraded answers are still useful).</param>
public sealed record ReplicaAnswer(Uri Address, string State, bool Answering);

/// <summary>What the replica check found: every replica's answer, or why the replicas could not be listed.</summary>
/// <param name="Replicas">The replicas found, in a stable order.</param>
/// <param name="Each">Whether the addresses are the replicas' own; false when only the service's one address was found.</param>
/// <param name="Error">Why the replicas could not be listed; null when they were.</param>
public sealed record ReplicaReport(IReadOnlyList<ReplicaAnswer> Replicas, bool Each, string? Error)
{
    public int Answering => Replicas.Count(replica => replica.Answering);

    /// <summary>
    /// featureapi as a caller of its one service address meets it: the replica with the best answer (Healthy before
    /// Degraded before none), or the first one's reason when none answers; null when no replica was found.
    /// </summary>
    public ReplicaAnswer? Service =>
        Replicas.OrderBy(replica => replica switch { { Answering: false } => 2, { State: "Healthy" } => 0, _ => 1 }).FirstOrDefault();
}

/// <summary>
/// How many featureapi replicas answer: every replica's address from service discovery (the named endpoint
/// <c>replicas</c>, which the AppHost fills with each replica's own address; the service's ordinary address when it
/// is not there), then each replica's <c>/health</c>, all at once and all within <see cref="Timeout"/>. Never throws
/// and never waits longer, so the overview can always show it.
/// </summary>
public sealed class ReplicaStatus(ServiceEndpointResolver resolver, IHttpClientFactory httpClientFactory)
{
    public const string ClientName = "featureapi-replica-health";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static readonly string ReplicasQuery = $"http://_replicas.{FeatureApiService.ServiceName}";

    public static void Register(IServiceCollection services)
    {
        // One plain request per replica: a retry or a hedge to another address would hide the replica that did not answer.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is the supported way to opt one client out of the defaults.
        services.AddHttpClient(ClientName, http => http.Timeout = Timeout).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<ReplicaStatus>();
    }

    public async Task<ReplicaReport> CheckAsync(CancellationToken cancellationToken)
    {
        var (answers, each, error) = await AskEachAsync(AskAsync, cancellationToken);
        return new ReplicaReport(answers, each, error);
    }

    /// <summary>
    /// Lists the replicas and asks each one with <paramref name="ask"/>, all at once and all within <see cref="Timeout"/>.
    /// <paramref name="ask"/> answers for its replica whatever happens (it never throws), so one silent replica costs
    /// only its own answer; the error is why the replicas could not be listed.
    /// </summary>
    public async Task<(IReadOnlyList<T> Answers, bool Each, string? Error)> AskEachAsync<T>(Func<Uri, CancellationToken, Task<T>> ask,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            var (addresses, each) = await AddressesAsync(deadline.Token);
            return (await Task.WhenAll(addresses.Select(address => ask(address, deadline.Token))), each, null);
        }
        catch (Exception exception)
        {
            return ([], false, exception is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? "Service discovery did not list the replicas in time."
                : ApiCall.Describe(exception));
        }
    }

    /// <summary>Why a replica gave no answer, in the words the overview shows.</summary>
    public static string NoAnswer(Exception exception) =>
        exception is OperationCanceledException or TimeoutException ? "No answer in time." : ApiCall.Describe(exception);

    private async Task<(IReadOnlyList<Uri> Addresses, bool Each)> AddressesAsync(CancellationToken cancellationToken)
    {
        var replicas = Addresses(await resolver.GetEndpointsAsync(ReplicasQuery, cancellationToken));
        // An unknown name comes back unresolved (the pass-through endpoint "featureapi:80"): no replica list was given.
        if (replicas.Count > 0 && !replicas.All(address => address.Host == FeatureApiService.ServiceName))
        {
            return (replicas, true);
        }
        return (Addresses(await resolver.GetEndpointsAsync(FeatureApiService.BaseAddress.ToString(), cancellationToken)), false);
    }

    private static List<Uri> Addresses(ServiceEndpointSource source) =>
        [.. source.Endpoints.Select(endpoint => endpoint.EndPoint switch
        {
            UriEndPoint uri => uri.Uri,
            DnsEndPoint dns => new UriBuilder(Uri.UriSchemeHttp, dns.Host, dns.Port).Uri,
            IPEndPoint ip => new Uri($"http://{ip}"),
            var other => new Uri($"http://{other}"),
        }).Distinct().OrderBy(uri => uri.ToString(), StringComparer.Ordinal)];

    private async Task<ReplicaAnswer> AskAsync(Uri address, CancellationToken cancellationToken)
    {
        try
        {
            using var http = httpClientFactory.CreateClient(ClientName);
            using var response = await http.GetAsync(new Uri(address, "health"), cancellationToken);
            var state = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            var answering = response.IsSuccessStatusCode && state is "Healthy" or "Degraded";
            return new ReplicaAnswer(address, state.Length > 0 ? state : $"{(int)response.StatusCode} {response.ReasonPhrase}", answering);
        }
        catch (Exception exception)
        {
            return new ReplicaAnswer(address, NoAnswer(exception), false);
        }
    }
}
