using System.CommandLine;
using FeatureAspire.Cli.Commands;
using FeatureAspire.Cli.Connection;

namespace FeatureAspire.Cli;

/// <summary>The <c>featureaspire</c> command: the connection options every command shares, and the commands.</summary>
public static class FeatureAspireCommand
{
    /// <summary>Parses <paramref name="args"/> and runs the command they name on <paramref name="terminal"/>.</summary>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static Task<int> RunAsync(string[] args, Terminal terminal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        // Help and parse errors go where the commands' own output goes, so tests see them too.
        var invocation = new InvocationConfiguration { Output = terminal.Out.Profile.Out.Writer, Error = terminal.Error.Profile.Out.Writer };
        return Create(terminal).Parse(args).InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>The root command and its subcommands, writing to <paramref name="terminal"/>.</summary>
    public static RootCommand Create(Terminal terminal)
    {
        var context = new CommandContext(terminal, new ConnectionOptions());
        var root = new RootCommand("Plan, apply, inspect and roll back the feature repository a FeatureApi serves.")
        {
            HelpName = "featureaspire",
        };
        root.Add(context.Connection.Url);
        root.Add(context.Connection.ApiKey);
        root.Add(PlanCommand.Create(context));
        root.Add(ApplyCommand.Create(context));
        root.Add(HistoryCommand.Create(context));
        root.Add(RollbackCommand.Create(context));
        root.Add(StatusCommand.Create(context));
        root.Add(GetCommand.Create(context));
        return root;
    }
}
