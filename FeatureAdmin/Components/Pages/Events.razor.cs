using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Pages;

/// <summary>Sends live events (one, or a burst at a rate) and polls the user's live aggregates while the page is open.</summary>
public sealed partial class Events : ApiComponent
{
    /// <summary>The live aggregates of the shipped <c>clicks</c> stream and the derived feature that uses them (issue 4).</summary>
    public static readonly IReadOnlyList<string> WatchedFeatures = ["clicks_1h", "clicks_24h", "clicks_7d", "f_click_trend"];

    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    private CancellationTokenSource? burst;
    private long userId = 101;
    private string stream = "clicks";
    private double value = 1;
    private int burstCount = 100;
    private double burstRate = 50;
    private bool sending;
    private long accepted;
    private long burstStart;
    private bool watching = true;
    private ExtractResponse? vector;
    private DateTimeOffset? readAt;
    private string? error;
    private string? watchError;

    [Inject] public required FeatureApiClient Api { get; init; }
    [Inject] public required FeatureCatalog Catalog { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        await Catalog.LoadAsync(Closing);
        _ = WatchAsync(Closing);
    }

    private Task SendOneAsync() => SendAsync(1, null);

    private Task SendBurstAsync() => SendAsync(burstCount, burstRate);

    private async Task SendAsync(int count, double? ratePerSecond)
    {
        error = null;
        sending = count > 1;
        burstStart = accepted;
        burst = CancellationTokenSource.CreateLinkedTokenSource(Closing);
        var started = Time.GetTimestamp();
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (ratePerSecond is > 0 && i > 0)
                {
                    // Open loop: event i is due at i / rate, however long the previous sends took.
                    var due = TimeSpan.FromSeconds(i / ratePerSecond.Value) - Time.GetElapsedTime(started);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, Time, burst.Token);
                    }
                }
                accepted += await Api.PostEventsAsync(
                    new EventBatch([new FeatureEvent(userId, stream, value, Time.GetUtcNow())]), burst.Token);
                if (i % 10 == 0 || i == count - 1)
                {
                    StateHasChanged();
                }
            }
            await RefreshAsync(burst.Token);
        }
        catch (Exception exception) when (!Closing.IsCancellationRequested)
        {
            error = burst.IsCancellationRequested ? $"Burst cancelled after {accepted - burstStart} events." : FeatureApiException.Describe(exception);
        }
        finally
        {
            sending = false;
        }
    }

    private void Cancel() => burst?.Cancel();

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(WatchInterval, Time);
        try
        {
            do
            {
                if (watching)
                {
                    await InvokeAsync(() => RefreshAsync(cancellationToken));
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // Stored inputs of the derived feature come along so its status tells whether they were found.
        var names = WatchedFeatures.Where(n => Catalog.Kinds.ContainsKey(n)).ToList();
        if (names.Count == 0)
        {
            watchError = "featureapi's registry has no live features (clicks_1h, clicks_24h, clicks_7d, f_click_trend) yet: live features are not deployed.";
            StateHasChanged();
            return;
        }
        var result = await ApiCall.TryAsync(t => Api.ExtractAsync(new ExtractRequest(userId, 0, names), t), cancellationToken);
        watchError = result.Error;
        if (result.Succeeded)
        {
            vector = result.Value;
            readAt = Time.GetUtcNow();
        }
        StateHasChanged();
    }

    protected override void Dispose(bool disposing) => burst?.Dispose();
}
