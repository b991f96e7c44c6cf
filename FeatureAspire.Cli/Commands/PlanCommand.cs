using System.CommandLine;
using FeatureAspire.Cli.Connection;
using FeatureAspire.Cli.Output;
using FeatureAspire.Cli.Repository;

namespace FeatureAspire.Cli.Commands;

/// <summary><c>plan &lt;file&gt;</c>: what applying the document would change; exits 0 for none, 2 for some, 1 for an error.</summary>
internal static class PlanCommand
{
    public static Command Create(CommandContext context)
    {
        var file = RepositoryFile.Argument();
        var command = new Command("plan",
            "Show what applying the document would change. Exit code 0: no changes; 2: changes; 3: an invalid document (each field listed); another: a failure")
        {
            file,
        };
        command.SetFeatureApiAction(context, async (parse, api, cancellationToken) =>
        {
            var document = await RepositoryFile.ReadAsync(parse.GetRequiredValue(file), cancellationToken);
            var plan = await api.PlanAsync(document, cancellationToken);
            PlanView.Write(context.Terminal.Out, plan, api.Address);
            return plan.Changes.Count == 0 ? ExitCodes.Success : ExitCodes.Changes;
        });
        return command;
    }
}
