using System.Globalization;
using FeatureAspire.Client;

namespace FeatureAdmin.Registry;

/// <summary>What a plan line does to its subject, as <c>feast plan</c> words it.</summary>
public enum PlanAction
{
    Created,
    Updated,
    Deleted,
}

/// <summary>One change of a plan as the admin draws it: a heading, the properties that changed, and what breaks.</summary>
/// <param name="Action">Created, updated or deleted.</param>
/// <param name="Kind"><c>entity</c>, <c>stream</c>, <c>feature</c>, <c>featureSet</c> or <c>defaultFeatures</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="Breaking">Whether the change breaks something; drawn as a warning.</param>
/// <param name="Details">For an update, each property that changed: <c>window: 1h -> 2h</c>.</param>
/// <param name="Consequence">When breaking, what breaks.</param>
public sealed record PlanEntry(PlanAction Action, string Kind, string Name, bool Breaking, IReadOnlyList<string> Details, string? Consequence);

/// <summary>
/// A plan ready to draw: its one-line summary and its entries. Made from a plan's changes (a plan or an apply), or
/// from the plan's lines when that is all featureapi sent (a 422 refusing breaking changes).
/// </summary>
public sealed record PlanView(string Summary, bool Breaking, IReadOnlyList<PlanEntry> Entries)
{
    private const string BreakingMark = " (breaking)";
    private const string ConsequenceMark = "! ";

    public int BreakingCount => Entries.Count(entry => entry.Breaking);

    public static PlanView From(RegistryPlan plan) => new(plan.Summary, plan.Breaking,
        [.. plan.Changes.Select(change => new PlanEntry(Action(change.Change), change.Kind, change.Name, change.Breaking, change.Details, change.Consequence))]);

    /// <summary>
    /// Reads the lines <c>feast plan</c> prints: <c>Updated feature clicks_1h (breaking)</c>, then indented details, and
    /// <c>  ! consequence</c> for a breaking one. A heading it does not recognise is kept whole as an update's name.
    /// </summary>
    public static PlanView FromLines(IReadOnlyList<string> lines)
    {
        var entries = new List<PlanEntry>();
        foreach (var line in lines)
        {
            if (line.StartsWith(' ') && entries.Count > 0)
            {
                var last = entries[^1];
                var text = line.Trim();
                entries[^1] = text.StartsWith(ConsequenceMark, StringComparison.Ordinal)
                    ? last with { Consequence = text[ConsequenceMark.Length..], Breaking = true }
                    : last with { Details = [.. last.Details, text] };
                continue;
            }
            entries.Add(Heading(line.Trim()));
        }
        return new PlanView(Summarize(entries), entries.Any(entry => entry.Breaking), entries);
    }

    private static PlanEntry Heading(string line)
    {
        var breaking = line.EndsWith(BreakingMark, StringComparison.Ordinal);
        var words = (breaking ? line[..^BreakingMark.Length] : line).Split(' ', 3);
        return words.Length == 3 && Enum.TryParse<PlanAction>(words[0], out var action)
            ? new PlanEntry(action, words[1], words[2], breaking, [], null)
            : new PlanEntry(PlanAction.Updated, "", line, breaking, [], null);
    }

    /// <summary>The summary featureapi writes for a plan: <c>2 added, 1 changed, 0 removed (1 breaking).</c></summary>
    private static string Summarize(IReadOnlyList<PlanEntry> entries)
    {
        if (entries.Count == 0)
        {
            return "No changes.";
        }
        var breaking = entries.Count(entry => entry.Breaking);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Count(entries, PlanAction.Created)} added, {Count(entries, PlanAction.Updated)} changed, {Count(entries, PlanAction.Deleted)} removed{(breaking > 0 ? $" ({breaking} breaking)" : "")}.");
    }

    private static int Count(IReadOnlyList<PlanEntry> entries, PlanAction action) => entries.Count(entry => entry.Action == action);

    private static PlanAction Action(RegistryChangeType change) => change switch
    {
        RegistryChangeType.Added => PlanAction.Created,
        RegistryChangeType.Removed => PlanAction.Deleted,
        _ => PlanAction.Updated,
    };
}
