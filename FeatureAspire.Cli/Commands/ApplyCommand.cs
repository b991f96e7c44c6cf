using System.CommandLine;
using System.Globalization;
using FeatureAspire.Cli.Connection;
using FeatureAspire.Cli.Output;
using FeatureAspire.Cli.Repository;
using Spectre.Console;

namespace FeatureAspire.Cli.Commands;

/// <summary>
/// <c>apply &lt;file&gt;</c>: plans, shows the plan, asks, and applies against the version it planned against, so an
/// apply that another got ahead of is refused (409) instead of overwriting it.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(CommandContext context)
    {
        var file = RepositoryFile.Argument();
        var expectVersion = new Option<long?>("--expect-version")
        {
            Description = "Apply only if the store is still at this version (the one a reviewed plan was made against)",
            HelpName = "version",
        };
        var force = new Option<bool>("--force") { Description = "Apply changes that break something (FeatureApi refuses them otherwise)" };
        var yes = Confirmation.YesOption();
        var command = new Command("apply", "Plan the document, show the plan and, once confirmed, store it as the next version")
        {
            file, expectVersion, force, yes,
        };
        command.SetFeatureApiAction(context, async (parse, api, cancellationToken) =>
        {
            var console = context.Terminal.Out;
            var document = await RepositoryFile.ReadAsync(parse.GetRequiredValue(file), cancellationToken);
            var plan = await api.PlanAsync(document, cancellationToken);
            PlanView.Write(console, plan, api.Address);
            var planned = plan.Version ?? 0;
            if (parse.GetValue(expectVersion) is { } expected && expected != planned)
            {
                throw new CommandLineError(string.Create(CultureInfo.InvariantCulture,
                    $"The store is at version {planned}, not {expected} (--expect-version): another version was applied since. Review this plan and apply again."), ExitCodes.Conflict);
            }
            if (plan.Changes.Count == 0)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Nothing to apply: version {planned} stays."));
                return ExitCodes.Success;
            }
            if (plan.Breaking && !parse.GetValue(force))
            {
                // FeatureApi would answer 422; saying so before asking spares a question whose yes cannot be honoured.
                throw new CommandLineError("The plan has breaking changes (in red above) and FeatureApi refuses them without --force. " +
                    "Pass --force once their consequences are acceptable.", ExitCodes.NeedsForce);
            }
            if (!await Confirmation.AskAsync(console, string.Create(CultureInfo.InvariantCulture, $"Apply this plan as version {planned + 1}?"),
                parse.GetValue(yes), cancellationToken))
            {
                console.WriteLine("Apply cancelled: nothing changed.");
                return ExitCodes.Failure;
            }
            var applied = await api.ApplyAsync(document, planned, parse.GetValue(force), cancellationToken);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Applied version {applied.Version}: {applied.Summary} Every FeatureApi process serves it within a second."));
            return ExitCodes.Success;
        });
        return command;
    }
}
