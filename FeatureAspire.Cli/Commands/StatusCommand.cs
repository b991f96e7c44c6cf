using System.CommandLine;
using System.Globalization;
using FeatureAspire.Cli.Connection;
using Spectre.Console;

namespace FeatureAspire.Cli.Commands;

/// <summary>
/// <c>status</c>: the version the FeatureApi process that answers serves against the store's; exits 0 when they agree,
/// 2 when it does not serve the store's version (yet, or because it cannot load it).
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("status",
            "Show the version the answering FeatureApi process serves and the store's. Exit code 0: the same; 2: it does not serve the store's");
        command.SetFeatureApiAction(context, async (_, api, cancellationToken) =>
        {
            var console = context.Terminal.Out;
            var status = await api.StatusAsync(cancellationToken);
            var store = status.StoreVersion?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"FeatureApi at {api.Address} serves version {status.LoadedVersion} (loaded {status.Since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC); the store is at version {store}."));
            if (!status.FromStore)
            {
                console.WriteLine("It serves its built-in default repository: it has not read the store's yet.", new Style(Color.Yellow));
            }
            if (status.Error is { Length: > 0 } error)
            {
                console.WriteLine($"It cannot serve the store's version: {error}", new Style(Color.Red));
            }
            return status.FromStore && status.LoadedVersion == status.StoreVersion ? ExitCodes.Success : ExitCodes.Changes;
        });
        return command;
    }
}
