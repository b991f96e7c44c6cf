using System.CommandLine;
using FeatureAspire.Cli.Output;

namespace FeatureAspire.Cli.Connection;

/// <summary>
/// How a command that calls FeatureApi runs: the connection opened from the options, the command's work, and any
/// failure said plainly on standard error with the exit code of its kind (see <see cref="ExitCodes"/>).
/// </summary>
internal static class FeatureApiAction
{
    public static void SetFeatureApiAction(this Command command, CommandContext context,
        Func<ParseResult, FeatureApiConnection, CancellationToken, Task<int>> run)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            FeatureApiConnection? connection = null;
            try
            {
                connection = context.Connection.Open(parse, context.Terminal);
                return await run(parse, connection, cancellationToken);
            }
            catch (Exception failure) when (ErrorReport.Explains(failure, cancellationToken))
            {
                return ErrorReport.Write(context.Terminal.Error, failure, connection);
            }
            finally
            {
                connection?.Dispose();
            }
        });
    }
}
