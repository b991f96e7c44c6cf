using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FeatureAspire.Cli.Connection;
using FeatureAspire.Client;
using Spectre.Console;

namespace FeatureAspire.Cli.Output;

/// <summary>
/// A failed command said plainly on standard error: FeatureApi's problem (its title and detail, each invalid field of
/// a document on its own line), the scope a refused key lacks, the address that did not answer.
/// </summary>
internal static class ErrorReport
{
    private static readonly Style Red = new(Color.Red);

    /// <summary>Whether the failure is one to report rather than a bug to let through (with its stack) or a cancellation.</summary>
    public static bool Explains(Exception failure, CancellationToken cancellationToken) => failure switch
    {
        CommandLineError or FeatureApiException or HttpRequestException => true,
        // HttpClient's own timeout; the person's Ctrl+C cancels the token instead.
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Says what failed on <paramref name="console"/>; returns the exit code of its kind (see <see cref="ExitCodes"/>).</summary>
    public static int Write(IAnsiConsole console, Exception failure, FeatureApiConnection? connection)
    {
        switch (failure)
        {
            case FeatureApiException refused:
                return WriteRefusal(console, refused, connection);
            case HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } }:
                Headline(console, $"Could not connect to FeatureApi at {connection?.Address}: connection refused. Is it running there? " +
                    $"Give its address with --url or {ConnectionOptions.UrlVariable}.");
                return ExitCodes.Unreachable;
            case HttpRequestException unreachable:
                Headline(console, $"Could not reach FeatureApi at {connection?.Address}: {unreachable.Message}");
                return ExitCodes.Unreachable;
            case TaskCanceledException:
                Headline(console, $"FeatureApi at {connection?.Address} did not answer within {connection?.Timeout.TotalSeconds} s.");
                return ExitCodes.Unreachable;
            case CommandLineError error:
                Headline(console, error.Message);
                return error.ExitCode;
            default:
                Headline(console, failure.Message);
                return ExitCodes.Failure;
        }
    }

    private static int WriteRefusal(IAnsiConsole console, FeatureApiException refused, FeatureApiConnection? connection)
    {
        var problem = refused.Problem;
        var status = (int)refused.StatusCode;
        var scope = connection?.Scope ?? FeatureApiScopes.Read;
        switch (refused.StatusCode)
        {
            case HttpStatusCode.Unauthorized:
                // FeatureApi's detail speaks of the header; the person here gives the key as an option.
                Headline(console, connection?.HasApiKey == true
                    ? $"FeatureApi at {connection.Address} does not know the API key ({status})."
                    : $"No API key was given, and FeatureApi at {connection?.Address} needs one ({status}).");
                console.WriteLine($"Pass a key with the scope {scope} as --api-key or in {ConnectionOptions.ApiKeyVariable}.");
                return ExitCodes.KeyRefused;
            case HttpStatusCode.Forbidden:
                // FeatureApi's detail names the features scopes only; what this call needed is known here.
                Headline(console, $"The API key lacks the scope {scope}, which this needs ({status}).");
                console.WriteLine($"Use a key with {scope} (Auth:ApiKeys:<name>:Scopes of FeatureApi).");
                return ExitCodes.KeyRefused;
        }
        // FeatureApi's titles are sentences; the status goes before their full stop.
        Headline(console, problem?.Title is { Length: > 0 } title ? $"{title.TrimEnd('.')} ({status})." : refused.Message);
        if (problem?.Detail is { Length: > 0 } detail)
        {
            console.WriteLine(detail);
        }
        foreach (var (field, messages) in refused.Errors)
        {
            foreach (var message in messages)
            {
                console.WriteLine($"  {field}: {message}", Red);
            }
        }
        if (problem?.Extensions?.TryGetValue("moreErrors", out var more) == true && more.ValueKind == JsonValueKind.Number)
        {
            console.WriteLine($"  …and {more.GetRawText()} more", Red);
        }
        if (problem?.PlanLines is { Count: > 0 } lines)
        {
            foreach (var line in lines)
            {
                console.WriteLine(line, Red);
            }
            console.WriteLine("Pass --force to apply breaking changes.");
            return ExitCodes.NeedsForce;
        }
        if (problem?.CurrentRegistryVersion is { } current)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"The store is at version {current}: run plan again to see what applying now would change, then apply."));
        }
        return refused.StatusCode switch
        {
            HttpStatusCode.BadRequest => ExitCodes.InvalidDocument,
            HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed => ExitCodes.Conflict,
            _ => ExitCodes.Failure,
        };
    }

    private static void Headline(IAnsiConsole console, string text)
    {
        console.Write(new Text("Error: ", new Style(Color.Red, decoration: Decoration.Bold)));
        console.WriteLine(text);
    }
}
