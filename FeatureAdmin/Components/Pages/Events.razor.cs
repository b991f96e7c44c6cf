using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Pages;

/// <summary>Sends live events (one, or a burst at a rate) and polls the user's live aggregates while the page is open.</summary>
public sealed partial class Events : ApiComponent
{
    /// <summary>The live aggregates of the shipped <c>clicks</c> stream and the derived feature that uses them.</summary>
    public static readonly IReadOnlyList<string> WatchedFeatures = ["clicks_1h", "clicks_24h", "clicks_7d", "f_click_trend"];

    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    private long userId = 101;
    private string stream = "clicks";
    private double value = 1;
    private int burstCount = 100;
    private double burstRate = 50;
    private bool sending;
    private long accepted;
    private long duplicates;
    private long burstStart;
    private bool watching = true;
    private FeatureVector? vector;
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

    private Task SendAsync(int count, double? ratePerSecond) => RunCancellableAsync(async token =>
    {
        error = null;
        sending = count > 1;
        burstStart = accepted;
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
                        await Task.Delay(due, Time, token);
                    }
                }
                // No event id of our own: the client gives each event a fresh one, so a resent request is counted once.
                var answer = await Api.SendEventsAsync([new LiveEvent(userId, stream, value, Time.GetUtcNow())], token);
                accepted += answer.Accepted;
                duplicates += answer.Duplicates;
                if (i % 10 == 0 || i == count - 1)
                {
                    StateHasChanged();
                }
            }
            await RefreshAsync(token);
        }
        catch (Exception exception) when (!Closing.IsCancellationRequested)
        {
            error = token.IsCancellationRequested ? $"Burst cancelled after {accepted - burstStart} events." : ApiCall.Describe(exception);
        }
        finally
        {
            sending = false;
        }
    });

    private void Cancel() => CancelRun();

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
        var result = await ApiCall.TryAsync(t => Api.ExtractAsync(userId, currentValue: 0, WatchedFeatures, t), cancellationToken);
        watchError = result.Error;
        if (result.Succeeded)
        {
            vector = result.Value;
            readAt = Time.GetUtcNow();
        }
        StateHasChanged();
    }
}
