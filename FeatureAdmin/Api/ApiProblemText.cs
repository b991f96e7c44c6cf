using System.Text.Json;

namespace FeatureAdmin.Api;

/// <summary>Renders a failed featureapi answer as one readable sentence, using its problem details when it sent them.</summary>
internal static class ApiProblemText
{
    public static string Describe(HttpResponseMessage response, string body)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        ApiProblem? problem = null;
        try
        {
            problem = JsonSerializer.Deserialize(body, ApiJsonContext.Default.ApiProblem);
        }
        catch (JsonException)
        {
            // Not a problem document; fall through to the status line.
        }

        if (problem is null)
        {
            return $"featureapi answered {status}.";
        }

        var fieldErrors = problem.Errors is { Count: > 0 } errors
            ? " " + string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
            : "";
        return $"featureapi answered {status}: {problem.Title ?? problem.Detail}{fieldErrors}".TrimEnd();
    }
}
