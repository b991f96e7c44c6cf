using System.Net;
using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAdmin.Components.Registry;

/// <summary>The repository's versions, newest first, each but the current one with a rollback behind a confirmation.</summary>
public sealed partial class RegistryHistoryPanel : ApiComponent
{
    private bool busy;
    private bool conflict;
    private string? error;

    [Inject] public required FeatureApiClient Api { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required IToastService Toasts { get; init; }

    [Parameter, EditorRequired] public required IReadOnlyList<RegistryVersionRecord> History { get; set; }

    /// <summary>The store's version as the page read it: a rollback is decided against it (If-Match).</summary>
    [Parameter, EditorRequired] public long CurrentVersion { get; set; }

    /// <summary>Raised after a rollback (with the new version) or a conflict (with 0), so the page reads the registry again.</summary>
    [Parameter] public EventCallback<long> Changed { get; set; }

    private async Task RollBackAsync(long version)
    {
        var dialog = await Dialogs.ShowConfirmationAsync(
            $"Apply version {version}'s document again, as version {CurrentVersion + 1}? Every replica serves it within a second; " +
            "it goes ahead even where it undoes breaking changes.",
            "Roll back", "Cancel", $"Roll back to version {version}");
        if ((await dialog.Result).Cancelled)
        {
            return;
        }
        busy = true;
        conflict = false;
        error = null;
        try
        {
            var result = await Api.RollbackRegistryAsync(version, CurrentVersion, Closing);
            Toasts.ShowSuccess($"Rolled back to version {version}, applied as version {result.Version}.");
            await Changed.InvokeAsync(result.Version ?? 0);
        }
        catch (FeatureApiException refused) when (refused.StatusCode == HttpStatusCode.Conflict)
        {
            // A conflict is news, not a failure: the page shows the history as it is now, to decide again.
            conflict = true;
            await Changed.InvokeAsync(0);
        }
        catch (Exception exception)
        {
            error = ApiCall.Describe(exception);
        }
        finally
        {
            busy = false;
        }
    }
}
