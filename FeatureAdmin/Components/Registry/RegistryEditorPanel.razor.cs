using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAdmin.Registry;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAdmin.Components.Registry;

/// <summary>
/// The registry page's editor: plan, then apply what was planned with the version it was planned against, and say
/// what featureapi answered (a conflict, breaking changes to force, each error in an invalid document).
/// </summary>
public sealed partial class RegistryEditorPanel : ApiComponent
{
    private bool planning;
    private bool busy;

    [Inject] public required FeatureApiClient Api { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required IToastService Toasts { get; init; }

    /// <summary>The editor's state; the page owns it, so it can load a copy of the current document into it.</summary>
    [Parameter, EditorRequired] public required RegistryEditor Editor { get; set; }

    /// <summary>Raised with the new version after an apply, so the page shows it, the history and the replicas.</summary>
    [Parameter] public EventCallback<long> Applied { get; set; }

    private string State() => Editor switch
    {
        { TextProblem: { } problem } => problem,
        { Plan: not null, PlanIsCurrent: false, Outcome: not RegistryOutcome.Applied } => "The text changed since the plan: plan again.",
        { CanApply: true } => $"Planned against version {Editor.PlannedAgainst}.",
        _ => "",
    };

    private async Task PlanAsync()
    {
        // The text as it is when the plan is asked for: what the plan is of, whatever is typed meanwhile.
        var text = Editor.Text;
        planning = busy = true;
        var result = await CallAsync(t => Api.PlanRegistryAsync(text, RegistryEditor.MediaTypeOf(text), t));
        planning = busy = false;
        if (result is not null)
        {
            Editor.Planned(text, result);
        }
    }

    private async Task ForceAsync()
    {
        var breaking = Editor.Plan?.BreakingCount ?? 0;
        var dialog = await Dialogs.ShowConfirmationAsync(
            $"{breaking} {(breaking == 1 ? "change breaks" : "changes break")} something, as the plan says. Apply the document anyway?",
            "Apply with force", "Cancel", "Apply breaking changes");
        if (!(await dialog.Result).Cancelled)
        {
            await ApplyAsync(force: true);
        }
    }

    private async Task ApplyAsync(bool force)
    {
        var text = Editor.PlannedText;
        var against = Editor.PlannedAgainst;
        busy = true;
        var result = await CallAsync(t => Api.ApplyRegistryAsync(text, against, force, RegistryEditor.MediaTypeOf(text), t));
        busy = false;
        if (result is not null)
        {
            Editor.Applied(result, force);
            Toasts.ShowSuccess($"Applied version {result.Version}.");
            await Applied.InvokeAsync(result.Version ?? 0);
        }
    }

    /// <summary>The plan featureapi answered, or null after recording its refusal (or the failure to reach it) in the editor.</summary>
    private async Task<RegistryPlan?> CallAsync(Func<CancellationToken, Task<RegistryPlan>> call)
    {
        try
        {
            return await call(Closing);
        }
        catch (FeatureApiException refused)
        {
            Editor.Refused(refused);
        }
        catch (Exception exception)
        {
            Editor.Failed(ApiCall.Describe(exception));
        }
        return null;
    }
}
