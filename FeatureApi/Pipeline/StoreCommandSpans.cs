using System.Diagnostics;
using FeatureApi.Diagnostics;

namespace FeatureApi.Pipeline;

/// <summary>
/// The spans of a traced lookup's store commands, children of <c>features.store.lookup</c>, from the moment a command
/// is queued to the end of the exchange. The pipeline sends its commands as one batch, which the Redis
/// instrumentation does not see, and records them here instead: the instrumentation would keep every request's
/// activity and commands alive until it drains them (every 10 s), and at thousands of requests a second those
/// survivors made gen0 collections 10-90 ms long.
/// </summary>
internal sealed class StoreCommandSpans
{
    private readonly Activity lookup;
    private readonly List<(Activity Span, Task Reply)> spans = [];

    private StoreCommandSpans(Activity lookup) => this.lookup = lookup;

    /// <summary>Spans for a lookup that is being recorded; none (null) for the untraced majority.</summary>
    public static StoreCommandSpans? For(Activity? lookup) => lookup is { Recorded: true } ? new StoreCommandSpans(lookup) : null;

    public void Add(string command, Task reply)
    {
        var span = FeatureDiagnostics.Source.StartActivity(command, ActivityKind.Client);
        if (span is null)
        {
            return;
        }
        span.SetTag("db.system.name", "redis");
        span.SetTag("db.operation.name", command);
        // StartActivity made the command current; the next command is the lookup's child too, not this one's.
        Activity.Current = lookup;
        spans.Add((span, reply));
    }

    /// <summary>Ends every span; a command without its reply (failed, or past the deadline) is marked as an error.</summary>
    public void Stop()
    {
        foreach (var (span, reply) in spans)
        {
            if (!reply.IsCompletedSuccessfully)
            {
                span.SetStatus(ActivityStatusCode.Error, reply.IsFaulted ? reply.Exception.GetBaseException().Message : "no reply within the deadline");
            }
            span.Stop();
        }
    }
}
