using System.CommandLine;
using Spectre.Console;

namespace FeatureAspire.Cli.Output;

/// <summary>The question before a change to the registry, and <c>--yes</c>, which answers it in advance.</summary>
internal static class Confirmation
{
    public static Option<bool> YesOption() => new("--yes", "-y")
    {
        Description = "Go ahead without asking (needed when standard input is not a terminal, as in CI)",
    };

    /// <summary>Whether to go ahead: yes with <paramref name="yes"/>, otherwise what the person at the terminal answers.</summary>
    /// <exception cref="CommandLineError">Nobody can answer (standard input is redirected) and <paramref name="yes"/> was not given.</exception>
    public static async Task<bool> AskAsync(IAnsiConsole console, string question, bool yes, CancellationToken cancellationToken)
    {
        if (yes)
        {
            return true;
        }
        if (!console.Profile.Capabilities.Interactive)
        {
            throw new CommandLineError("Standard input is not a terminal, so nobody can confirm: pass --yes to go ahead without asking.");
        }
        return await console.ConfirmAsync(question, defaultValue: false, cancellationToken);
    }
}
