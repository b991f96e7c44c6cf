using System.Globalization;
using System.Text;
using FeatureAspire.Client;

namespace FeatureAdmin.Registry;

/// <summary>
/// The registry page's editor as a state machine, apart from the page so it can be tested: a document is planned
/// before it is applied, an apply sends exactly the text planned with the version it was planned against, and a
/// change to the text after the plan asks for a new one. Nothing in the document is checked here but its size:
/// featureapi is the authority on what a valid repository is.
/// </summary>
public sealed class RegistryEditor
{
    /// <summary>featureapi's bound on a document, in UTF-8 bytes.</summary>
    public const int MaxDocumentBytes = 512 * 1024;

    private string? plannedText;

    /// <summary>The text in the editor.</summary>
    public string Text { get; set; } = "";

    /// <summary>The last plan, drawn until the next plan or apply.</summary>
    public PlanView? Plan { get; private set; }

    /// <summary>The version the last plan was made against: sent as If-Match by the apply.</summary>
    public long? PlannedAgainst { get; private set; }

    /// <summary>How the last plan, apply or rollback ended; null after a plan that went through.</summary>
    public RegistryOutcome? Outcome { get; private set; }

    /// <summary>Why the text cannot be planned, or null.</summary>
    public string? TextProblem =>
        string.IsNullOrWhiteSpace(Text) ? "Write or paste a repository document first."
        : Encoding.UTF8.GetByteCount(Text) is var bytes && bytes > MaxDocumentBytes
            ? string.Create(CultureInfo.InvariantCulture, $"The document is {bytes / 1024.0:0.#} KB; featureapi takes at most {MaxDocumentBytes / 1024} KB.")
            : null;

    public bool CanPlan => TextProblem is null;

    /// <summary>The plan shown is of the text in the editor, unchanged since.</summary>
    public bool PlanIsCurrent => Plan is not null && plannedText == Text;

    /// <summary>Apply is offered after a plan of this very text, until it is applied or someone else applied first.</summary>
    public bool CanApply => PlanIsCurrent && Outcome is null or RegistryOutcome.Failed;

    /// <summary>A forced apply is offered only once featureapi refused this text for its breaking changes.</summary>
    public bool CanForce => PlanIsCurrent && Outcome is RegistryOutcome.Breaking;

    /// <summary>The text that was planned: what an apply sends.</summary>
    public string PlannedText => plannedText ?? "";

    /// <summary>JSON when the document is a JSON object, YAML otherwise (featureapi reads JSON as YAML too, but says what it got).</summary>
    public static string MediaTypeOf(string text) =>
        text.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal) ? RepositoryMediaType.Json : RepositoryMediaType.Yaml;

    /// <summary>Starts over from <paramref name="text"/> (a copy of the current document, say).</summary>
    public void Load(string text)
    {
        Text = text;
        Forget();
    }

    public void Planned(string text, RegistryPlan plan)
    {
        plannedText = text;
        PlannedAgainst = plan.Version;
        Plan = PlanView.From(plan);
        Outcome = null;
    }

    public void Applied(RegistryPlan result, bool forced)
    {
        Outcome = new RegistryOutcome.Applied(result.Version ?? 0, result.Summary, forced);
        Plan = PlanView.From(result);
        // Applied: the plan is spent, and applying the same text again would only be refused as planned against an old version.
        plannedText = null;
    }

    /// <summary>featureapi refused a plan or an apply of the planned text.</summary>
    public void Refused(FeatureApiException refused)
    {
        var outcome = RegistryOutcome.Refused(refused, PlannedAgainst);
        if (outcome is RegistryOutcome.Invalid)
        {
            // An invalid document has no plan: the errors replace it.
            Forget();
        }
        else if (outcome is RegistryOutcome.Breaking breaking)
        {
            // The refusal's lines are the plan against the store's version now: what a forced apply would do.
            Plan = breaking.Plan;
        }
        Outcome = outcome;
    }

    /// <summary>The call did not reach featureapi or was not understood.</summary>
    public void Failed(string message) => Outcome = new RegistryOutcome.Failed(message);

    private void Forget()
    {
        plannedText = null;
        PlannedAgainst = null;
        Plan = null;
        Outcome = null;
    }
}
