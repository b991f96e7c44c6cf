using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Shared;

/// <summary>
/// A component that calls featureapi: <see cref="Closing"/> is cancelled when the component goes away (page left,
/// circuit closed), so no call outlives the page that asked for it. A long operation a person starts (a probe, a
/// burst, a seeding) runs through <see cref="RunCancellableAsync"/>, so a Cancel button and leaving the page both stop it.
/// </summary>
public abstract class ApiComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource closing = new();
    private CancellationTokenSource? run;

    protected CancellationToken Closing => closing.Token;

    /// <summary>
    /// Runs <paramref name="operation"/> with a token that <see cref="CancelRun"/> or the component going away cancels;
    /// the token's source is disposed when the operation ends. Runs happen one at a time (the page disables its start
    /// button while one is under way), and both this and <see cref="CancelRun"/> run on the renderer's context.
    /// </summary>
    protected async Task RunCancellableAsync(Func<CancellationToken, Task> operation)
    {
        using var source = CancellationTokenSource.CreateLinkedTokenSource(closing.Token);
        run = source;
        try
        {
            await operation(source.Token);
        }
        finally
        {
            run = null;
        }
    }

    /// <summary>Cancels the run under way, if any.</summary>
    protected void CancelRun() => run?.Cancel();

    public void Dispose()
    {
        closing.Cancel();
        closing.Dispose();
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a derived component owns besides the closing token.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
