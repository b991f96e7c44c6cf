using System.CommandLine;

namespace FeatureAspire.Cli.Connection;

/// <summary>The options every command takes to reach FeatureApi, each also read from the environment.</summary>
internal sealed class ConnectionOptions
{
    public const string UrlVariable = "FEATUREASPIRE_URL";

    public const string ApiKeyVariable = "FEATUREASPIRE_API_KEY";

    /// <summary>FeatureApi's http address in its launch profile, which the AppHost keeps.</summary>
    public const string DefaultUrl = "http://localhost:5180";

    // Neither takes its default from the environment through DefaultValueFactory: help prints defaults, and the key
    // must never be printed.
    public Option<string> Url { get; } = new("--url")
    {
        Description = $"FeatureApi's address [env {UrlVariable}, default {DefaultUrl}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string> ApiKey { get; } = new("--api-key")
    {
        Description = $"An API key of FeatureApi, sent as X-API-Key and never printed [env {ApiKeyVariable}]",
        HelpName = "key",
        Recursive = true,
    };

    /// <summary>The FeatureApi the options (or the environment, or the default) name.</summary>
    /// <exception cref="CommandLineError">The address is not an absolute http or https URL.</exception>
    public FeatureApiConnection Open(ParseResult parse, Terminal terminal)
    {
        var url = parse.GetValue(Url) ?? NonEmpty(terminal.Environment(UrlVariable)) ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new CommandLineError($"'{url}' is not FeatureApi's address: give an http or https URL such as {DefaultUrl} (--url or {UrlVariable}).");
        }
        return new FeatureApiConnection(address, NonEmpty(parse.GetValue(ApiKey)) ?? NonEmpty(terminal.Environment(ApiKeyVariable)));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
