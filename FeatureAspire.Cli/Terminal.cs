using Spectre.Console;

namespace FeatureAspire.Cli;

/// <summary>
/// Where the command line writes and what it reads of its surroundings: the plan and answers on <see cref="Out"/>
/// (which also asks for confirmation), errors on <see cref="Error"/>, settings from <see cref="Environment"/>. Tests
/// pass Spectre's test consoles and a dictionary; the process passes its own.
/// </summary>
/// <param name="Out">Standard output; its profile says whether a person can answer a question.</param>
/// <param name="Error">Standard error.</param>
/// <param name="Environment">Reads an environment variable (null when unset).</param>
public sealed record Terminal(IAnsiConsole Out, IAnsiConsole Error, Func<string, string?> Environment)
{
    // A redirected stream (a CI log, a file) has no width; Spectre would assume 80 columns and wrap plan lines.
    private const int RedirectedWidth = 400;

    /// <summary>This process's standard output, standard error and environment.</summary>
    public static Terminal ForProcess() =>
        new(Console(System.Console.Out, System.Console.IsOutputRedirected), Console(System.Console.Error, System.Console.IsErrorRedirected),
            System.Environment.GetEnvironmentVariable);

    private static IAnsiConsole Console(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            // Spectre's detection calls every Linux process interactive; a redirected stdin (CI, a pipe) has nobody to answer.
            Interactive = System.Console.IsInputRedirected ? InteractionSupport.No : InteractionSupport.Yes,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }
        return console;
    }
}
