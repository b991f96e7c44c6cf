using FeatureAdmin.Probe;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Pages;

/// <summary>Runs probes, charts them live, and keeps the last runs for comparison and export.</summary>
public sealed partial class Probe : ComponentBase, IDisposable
{
    private const int MaxCompared = 2;

    private readonly ProbeSettings settings = new();
    private readonly List<Guid> compared = [];
    private CancellationTokenSource? run;
    private bool running;
    private ProbeProgress? progress;
    private IReadOnlyList<ProbeInterval> liveIntervals = [];
    private string? error;

    [Inject] public required ProbeClients Clients { get; init; }
    [Inject] public required ProbeHistory History { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    /// <summary>The runs ticked for comparison, oldest first so the newer one reads as "after".</summary>
    private IReadOnlyList<ProbeResult> Compared =>
        [.. History.Runs.Where(r => compared.Contains(r.Id)).OrderBy(r => r.StartedAt)];

    /// <summary>The run whose histogram is shown: the newest of those compared.</summary>
    private ProbeResult? Focused => Compared.LastOrDefault();

    protected override void OnInitialized()
    {
        History.Changed += OnHistoryChanged;
        if (History.Runs.FirstOrDefault() is { } latest)
        {
            compared.Add(latest.Id);
            liveIntervals = latest.Intervals;
        }
    }

    private async Task StartAsync()
    {
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            error = string.Join(" ", problems);
            return;
        }

        error = null;
        running = true;
        liveIntervals = [];
        progress = null;
        run = new CancellationTokenSource();
        try
        {
            var target = Clients.Create(settings.Route);
            var runner = new ProbeRunner(target, Time);
            // Progress arrives from the runner's reporting loop (4 times a second); render on the circuit's context.
            var result = await runner.RunAsync(settings with { }, p => _ = InvokeAsync(() =>
            {
                progress = p;
                liveIntervals = p.Intervals;
                StateHasChanged();
            }), run.Token);

            liveIntervals = result.Intervals;
            progress = new ProbeProgress(result.ElapsedSeconds, result.Count, result.Errors, progress?.Expected, progress?.TotalSeconds, result.Intervals);
            History.Add(result);
            compared.Clear();
            compared.Add(result.Id);
            if (result.Count == 0 && result.Errors > 0)
            {
                error = $"Every request failed. First error: {result.FirstError}";
            }
        }
        catch (Exception exception)
        {
            error = Api.FeatureApiException.Describe(exception);
        }
        finally
        {
            running = false;
        }
    }

    private void Cancel() => run?.Cancel();

    private void ToggleCompare(Guid id, bool on)
    {
        compared.Remove(id);
        if (on)
        {
            compared.Add(id);
            while (compared.Count > MaxCompared)
            {
                compared.RemoveAt(0);
            }
        }
    }

    private void OnHistoryChanged() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        History.Changed -= OnHistoryChanged;
        run?.Cancel();
        run?.Dispose();
    }
}
