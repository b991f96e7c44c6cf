using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Shared;

/// <summary>
/// A component that calls featureapi: <see cref="Closing"/> is cancelled when the component goes away (page left,
/// circuit closed), so no call outlives the page that asked for it.
/// </summary>
public abstract class ApiComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource closing = new();

    protected CancellationToken Closing => closing.Token;

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
