using System.CommandLine;
using System.Globalization;
using FeatureAspire.Cli.Connection;
using FeatureAspire.Cli.Output;
using Spectre.Console;

namespace FeatureAspire.Cli.Commands;

/// <summary>
/// <c>rollback &lt;version&gt;</c>: applies an earlier version's document again, as a new version, against the version
/// that was current when the person said yes.
/// </summary>
internal static class RollbackCommand
{
    // The store keeps the documents of its newest 100 versions; an older one cannot be rolled back to.
    private const int KeptVersions = 100;

    public static Command Create(CommandContext context)
    {
        var version = new Argument<long>("version") { Description = "The version whose document to apply again (see history)" };
        version.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 1)
            {
                result.AddError("A version is a number from 1.");
            }
        });
        var yes = Confirmation.YesOption();
        var command = new Command("rollback", "Apply an earlier version's document again, as a new version") { version, yes };
        command.SetFeatureApiAction(context, async (parse, api, cancellationToken) =>
        {
            var console = context.Terminal.Out;
            var target = parse.GetValue(version);
            var history = await api.HistoryAsync(KeptVersions, cancellationToken);
            if (history.Count == 0)
            {
                throw new CommandLineError("No version has been applied yet: there is nothing to roll back to.");
            }
            var current = history[0].Version;
            if (target == current)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Version {target} is the current version: nothing to roll back."));
                return ExitCodes.Success;
            }
            var record = history.FirstOrDefault(r => r.Version == target);
            console.WriteLine(record is null
                ? string.Create(CultureInfo.InvariantCulture, $"The store is at version {current}; version {target} is not among its newest {KeptVersions}.")
                : string.Create(CultureInfo.InvariantCulture,
                    $"The store is at version {current}. Version {target} was applied at {record.AppliedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC by {record.AppliedBy}: {record.Summary}"));
            if (!await Confirmation.AskAsync(console,
                string.Create(CultureInfo.InvariantCulture, $"Apply version {target}'s document again as version {current + 1}?"),
                parse.GetValue(yes), cancellationToken))
            {
                console.WriteLine("Rollback cancelled: nothing changed.");
                return ExitCodes.Failure;
            }
            var applied = await api.RollbackAsync(target, current, cancellationToken);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Rolled back: version {applied.Version} is version {target}'s document. {applied.Summary}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
