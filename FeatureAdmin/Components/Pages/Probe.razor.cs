using FeatureAdmin.Components.Shared;
using FeatureAdmin.Probe;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace FeatureAdmin.Components.Pages;

/// <summary>Runs probes, charts them live, and keeps the last runs for comparison and export.</summary>
public sealed partial class Probe : ApiComponent
{
    private const int MaxCompared = 2;

    private readonly ProbeSettings settings = new();
    private readonly List<Guid> compared = [];
    private bool running;
    private ProbeProgress? progress;
    private IReadOnlyList<ProbeInterval> liveIntervals = [];
    private string? error;

    [Inject] public required ProbeClients Clients { get; init; }
    [Inject] public required ProbeHistory History { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ProbeRunGate RunGate { get; init; }
    [Inject] public required IOptions<ProbeLimits> Limits { get; init; }
    [Inject] public required AuthenticationStateProvider Authentication { get; init; }

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

    private Task StartAsync() => RunCancellableAsync(async token =>
    {
        var limits = Limits.Value;
        var problems = settings.Validate(limits);
        if (problems.Count > 0)
        {
            error = string.Join(" ", problems);
            return;
        }
        var admin = (await Authentication.GetAuthenticationStateAsync()).User;
        using var lease = RunGate.TryEnter(admin.Identity?.Name ?? "");
        if (lease is null)
        {
            error = "You already have a probe running (in another tab?). Wait for it to finish or cancel it there.";
            return;
        }

        error = null;
        running = true;
        liveIntervals = [];
        progress = null;
        try
        {
            // The proxied probe's session lasts the longest a run may, plus its last requests' time to answer.
            var target = Clients.Create(settings.Route, admin, limits.MaxDuration + ProbeClients.ProbeTimeout);
            var runner = new ProbeRunner(target, Time, limits);
            // Progress arrives from the runner's reporting loop (4 times a second); render on the circuit's context.
            var result = await runner.RunAsync(settings with { }, p => _ = InvokeAsync(() =>
            {
                progress = p;
                liveIntervals = p.Intervals;
                StateHasChanged();
            }), token);

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
            error = Api.ApiCall.Describe(exception);
        }
        finally
        {
            running = false;
        }
    });

    private void Cancel() => CancelRun();

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

    protected override void Dispose(bool disposing) => History.Changed -= OnHistoryChanged;
}
