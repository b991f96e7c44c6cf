using System.Security.Claims;
using FeatureAdmin.Api;
using FeatureAdmin.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FeatureAdmin.Probe;

/// <summary>
/// The HTTP clients probes send through, and the factory that picks one by route.
/// </summary>
public sealed class ProbeClients(IHttpClientFactory httpClientFactory, IServer server, AdminSession session)
{
    public const string DirectClient = "probe-direct";
    public const string ProxyClient = "probe-proxy";

    public static void Register(IServiceCollection services)
    {
        // ServiceDefaults adds the standard resilience handler (retries, hedging, timeouts) to every client. A retried or
        // hedged request would be timed as one fast answer and a timeout would hide a slow one, so the probe's clients
        // have none: every request is sent once and timed as it is.
        // RemoveAllResilienceHandlers is marked experimental (EXTEXP0001); it is the supported way to opt one client out.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(DirectClient, http =>
        {
            http.BaseAddress = FeatureApiService.BaseAddress;
            http.Timeout = ProbeTimeout;
        }).RemoveAllResilienceHandlers().AddHttpMessageHandler<FeatureApiKeyHandler>();
        services.AddHttpClient(ProxyClient, http => http.Timeout = ProbeTimeout).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<ProbeClients>();
        services.AddSingleton<ProbeHistory>();
        services.AddSingleton<ProbeRunGate>();
        services.AddOptions<ProbeLimits>().BindConfiguration(ProbeLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>A failed request is an error in the results, not a hang; 10 s is far beyond any latency worth charting.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A target for <paramref name="route"/>. Through the proxy, requests carry a session cookie of <paramref name="admin"/>
    /// that lasts <paramref name="lifetime"/> and the headers of a same-origin page, so they pass the gateway's rules
    /// like a signed-in browser's.
    /// </summary>
    public IProbeTarget Create(ProbeRoute route, ClaimsPrincipal admin, TimeSpan lifetime)
    {
        if (route == ProbeRoute.Direct)
        {
            return new HttpProbeTarget(httpClientFactory.CreateClient(DirectClient), $"direct to {FeatureApiService.BaseAddress}");
        }
        var http = httpClientFactory.CreateClient(ProxyClient);
        http.BaseAddress = OwnAddress();
        http.DefaultRequestHeaders.Add("Cookie", session.CookieHeader(admin, lifetime));
        // The probe's POSTs are unsafe requests: they pass the gateway's same-origin rule only as a page of the admin's would.
        SameOriginGuard.MarkSameOrigin(http.DefaultRequestHeaders, http.BaseAddress);
        return new HttpProbeTarget(http, $"through the admin's YARP proxy at {http.BaseAddress}");
    }

    /// <summary>This process's own listening address, so a proxied probe takes the same path as an outside client.</summary>
    private Uri OwnAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The admin does not know its own address, so it cannot probe through its proxy.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }
        return uri.Uri;
    }
}
