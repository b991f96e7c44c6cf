using FeatureAspire.Client;
using Spectre.Console;

namespace FeatureAspire.Cli.Output;

/// <summary>
/// A plan as <c>feast plan</c> prints one (<c>Created feature x</c>, then <c>  window: 1h -> 2h</c>), coloured where the
/// terminal has colours: created green, updated yellow, deleted red, and whatever breaks in red with its consequence.
/// </summary>
internal static class PlanView
{
    private static readonly Style Breaking = new(Color.Red);

    public static void Write(IAnsiConsole console, RegistryPlan plan, Uri address)
    {
        console.WriteLine(plan.Version is > 0 and var version
            ? $"Plan against version {version} of {address}:"
            : $"Plan against {address}, which has no version applied yet:");
        console.WriteLine();
        foreach (var change in plan.Changes)
        {
            WriteChange(console, change);
        }
        if (plan.Changes.Count > 0)
        {
            console.WriteLine();
        }
        console.WriteLine(plan.Summary);
        if (plan.Breaking)
        {
            console.WriteLine("Some changes break something (in red above): apply refuses them without --force.", Breaking);
        }
    }

    private static void WriteChange(IAnsiConsole console, RegistryChange change)
    {
        var (verb, colour) = change.Change switch
        {
            RegistryChangeType.Added => ("Created", Color.Green),
            RegistryChangeType.Removed => ("Deleted", Color.Red),
            _ => ("Updated", Color.Yellow),
        };
        console.WriteLine($"{verb} {change.Kind} {change.Name}{(change.Breaking ? " (breaking)" : "")}",
            change.Breaking ? Breaking : new Style(colour));
        foreach (var detail in change.Details)
        {
            console.WriteLine($"  {detail}");
        }
        if (change.Consequence is { } consequence)
        {
            console.WriteLine($"  ! {consequence}", Breaking);
        }
    }
}
