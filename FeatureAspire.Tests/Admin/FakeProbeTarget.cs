using System.Collections.Concurrent;
using FeatureAdmin.Probe;

namespace FeatureAspire.Tests.Admin;

/// <summary>A probe target answering from a script: every <c>n</c>th request fails or is degraded, with a fixed delay.</summary>
internal sealed class FakeProbeTarget(TimeSpan delay, int failEvery = 0, int degradeEvery = 0, double? serverMs = null) : IProbeTarget
{
    private int sent;

    public ConcurrentQueue<ProbeRequest> Requests { get; } = new();

    public string Description => "fake";

    public async ValueTask<ProbeOutcome> SendAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref sent);
        Requests.Enqueue(request);
        // Like a real socket, never complete synchronously: a worker that never yields would hog a pool thread.
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }
        else
        {
            await Task.Yield();
        }
        if (failEvery > 0 && n % failEvery == 0)
        {
            return ProbeOutcome.Failed("503 Service Unavailable");
        }
        return new ProbeOutcome(true, degradeEvery > 0 && n % degradeEvery == 0, serverMs, null);
    }
}
