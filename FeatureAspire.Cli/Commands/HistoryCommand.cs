using System.CommandLine;
using System.Globalization;
using FeatureAspire.Cli.Connection;
using FeatureAspire.Client;
using Spectre.Console;

namespace FeatureAspire.Cli.Commands;

/// <summary><c>history</c>: the newest versions, newest first, as a table.</summary>
internal static class HistoryCommand
{
    public static Command Create(CommandContext context)
    {
        var limit = new Option<int>("--limit")
        {
            Description = "How many versions, newest first (1 to 1000)",
            DefaultValueFactory = _ => 20,
            HelpName = "count",
        };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--limit takes a number from 1 to 1000.");
            }
        });
        var command = new Command("history", "List the repository's versions: when, by which key, what changed, what they roll back") { limit };
        command.SetFeatureApiAction(context, async (parse, api, cancellationToken) =>
        {
            var versions = await api.HistoryAsync(parse.GetValue(limit), cancellationToken);
            if (versions.Count == 0)
            {
                context.Terminal.Out.WriteLine("No version has been applied yet.");
                return ExitCodes.Success;
            }
            context.Terminal.Out.Write(Table(versions));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Table Table(IReadOnlyList<RegistryVersionRecord> versions)
    {
        var table = new Table()
            .AddColumn(new TableColumn("Version").RightAligned())
            .AddColumn("Applied at (UTC)")
            .AddColumn("By")
            .AddColumn("Summary")
            .AddColumn(new TableColumn("Rollback of").RightAligned());
        foreach (var version in versions)
        {
            // Text cells, not markup: a summary may hold brackets ("features: [a, b] -> [a]").
            table.AddRow(
                new Text(version.Version.ToString(CultureInfo.InvariantCulture)),
                new Text(version.AppliedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                new Text(version.AppliedBy),
                new Text(version.Summary),
                new Text(version.RollbackOf?.ToString(CultureInfo.InvariantCulture) ?? ""));
        }
        return table;
    }
}
