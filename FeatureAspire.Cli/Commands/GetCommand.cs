using System.CommandLine;
using System.Globalization;
using FeatureAspire.Cli.Connection;
using Spectre.Console;

namespace FeatureAspire.Cli.Commands;

/// <summary><c>get</c>: the current document as it was applied, to standard output or a file, so a team can start its git file from it.</summary>
internal static class GetCommand
{
    public static Command Create(CommandContext context)
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "Write the document to this file instead of standard output", HelpName = "file" };
        var command = new Command("get", "Print the current repository document as it was applied (YAML or JSON)") { output };
        command.SetFeatureApiAction(context, async (parse, api, cancellationToken) =>
        {
            var current = await api.GetAsync(cancellationToken);
            var origin = current.Version == 0
                ? "FeatureApi's built-in default (no version applied yet)"
                : string.Create(CultureInfo.InvariantCulture, $"version {current.Version}, applied {current.AppliedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC by {current.AppliedBy}");
            if (parse.GetValue(output) is not { } file)
            {
                // The document alone on standard output, unwrapped and unstyled, so it can be redirected into a file.
                await context.Terminal.Out.Profile.Out.Writer.WriteAsync(current.Document);
                context.Terminal.Error.WriteLine($"The document above is {origin}.");
                return ExitCodes.Success;
            }
            try
            {
                await File.WriteAllTextAsync(file.FullName, current.Document, cancellationToken);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                throw new CommandLineError($"Cannot write {file}: {failure.Message}");
            }
            context.Terminal.Out.WriteLine($"Wrote {origin} to {file}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
