using Microsoft.Extensions.Options;

namespace FeatureApi.Auth;

/// <summary>
/// Refuses to start with keys that cannot work, with no keys and no explicit switch, or open anywhere but Development
/// (a Staging or any other environment is someone's real deployment): every message says which setting to change.
/// </summary>
internal sealed class ApiKeyOptionsValidation(IHostEnvironment environment) : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        if (options.Disabled)
        {
            return !environment.IsDevelopment()
                ? ValidateOptionsResult.Fail($"Auth:Disabled=true runs FeatureApi without API keys and is allowed only in Development (this is {environment.EnvironmentName}). " +
                    "Configure Auth:ApiKeys:<name>:Key and Auth:ApiKeys:<name>:Scopes instead.")
                : ValidateOptionsResult.Success;
        }
        if (options.ApiKeys.Count == 0)
        {
            return ValidateOptionsResult.Fail("FeatureApi has no API keys. Configure at least one as Auth:ApiKeys:<name>:Key with " +
                $"Auth:ApiKeys:<name>:Scopes ({string.Join(", ", ApiScopes.All)}), for example the environment variables " +
                "Auth__ApiKeys__reader__Key and Auth__ApiKeys__reader__Scopes__0=features:read; or set Auth:Disabled=true " +
                "to run open in Development.");
        }

        var failures = new List<string>();
        foreach (var (keyName, entry) in options.ApiKeys)
        {
            if (entry.Key.Length < ApiKeyOptions.MinimumKeyLength)
            {
                failures.Add($"Auth:ApiKeys:{keyName}:Key must be at least {ApiKeyOptions.MinimumKeyLength} characters.");
            }
            if (entry.Scopes.Count == 0)
            {
                failures.Add($"Auth:ApiKeys:{keyName}:Scopes must name at least one scope ({string.Join(", ", ApiScopes.All)}).");
            }
            foreach (var scope in entry.Scopes.Where(s => !ApiScopes.All.Contains(s)))
            {
                failures.Add($"Auth:ApiKeys:{keyName}:Scopes has unknown scope '{scope}' ({string.Join(", ", ApiScopes.All)}).");
            }
        }
        if (options.ApiKeys.Values.GroupBy(e => e.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            failures.Add("Two Auth:ApiKeys entries share one key; give each caller its own.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
