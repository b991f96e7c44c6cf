using FeatureAspire.Cli;
using FeatureAspire.Tests.Infrastructure;
using Spectre.Console;
using Spectre.Console.Testing;

namespace FeatureAspire.Tests.Cli;

/// <summary>What one run of <c>featureaspire</c> exited with and printed on standard output and standard error.</summary>
public sealed record CliResult(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
}

/// <summary>
/// <c>featureaspire</c> run in-process, as a person or CI would run it: the arguments parsed by the real root command,
/// Spectre's test consoles for standard output and error, and the environment naming the FeatureApi and its key.
/// </summary>
public static class FeatureAspireCli
{
    /// <summary>Wide enough that no plan line or table row is wrapped.</summary>
    private const int Width = 400;

    /// <summary>The address <paramref name="host"/> listens on (a real loopback port).</summary>
    public static string UrlOf(FeatureApiHost host)
    {
        using var client = host.CreateClient();
        return client.BaseAddress!.ToString();
    }

    /// <summary>
    /// Runs <c>featureaspire <paramref name="args"/></c> with FEATUREASPIRE_URL and FEATUREASPIRE_API_KEY set to
    /// <paramref name="url"/> and <paramref name="apiKey"/> (unset when null). With <paramref name="answer"/> standard
    /// input is a terminal that types it; without, it is not a terminal (as in CI).
    /// </summary>
    public static async Task<CliResult> RunAsync(string? url, string? apiKey, string[] args, string? answer = null,
        Func<TestConsole, IAnsiConsole>? wrapOutput = null)
    {
        using var output = Console(answer);
        using var errors = Console(answer: null);
        var environment = new Dictionary<string, string?>
        {
            ["FEATUREASPIRE_URL"] = url,
            ["FEATUREASPIRE_API_KEY"] = apiKey,
        };
        var terminal = new Terminal(wrapOutput?.Invoke(output) ?? output, errors, name => environment.GetValueOrDefault(name));

        var exitCode = await FeatureAspireCommand.RunAsync(args, terminal).WaitAsync(TimeSpan.FromSeconds(60));

        return new CliResult(exitCode, output.Output, errors.Output);
    }

    /// <summary>Runs against <paramref name="host"/> with its key that holds every scope, unless another is given.</summary>
    public static Task<CliResult> RunAsync(FeatureApiHost host, params string[] args) =>
        RunAsync(UrlOf(host), FeatureApiHost.TestKey, args);

    private static TestConsole Console(string? answer)
    {
        var console = new TestConsole().Width(Width);
        if (answer is not null)
        {
            console.Interactive();
            console.Input.PushTextWithEnter(answer);
        }
        return console;
    }
}
