using System.Net;

namespace FeatureAspire.Tests.Infrastructure;

/// <summary>Every error FeatureApi or FeatureAdmin answers is a problem document: one check for the status and the media type.</summary>
public static class ProblemAssertions
{
    /// <summary>The answer has <paramref name="status"/> and an application/problem+json body.</summary>
    /// <param name="response">The answer to check.</param>
    /// <param name="status">The status it must have.</param>
    /// <param name="context">How the request was made (say, "to a key without features:write"), for the failure message, which names the request.</param>
    public static void AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? context = null)
    {
        var request = response.RequestMessage;
        var made = context is null ? "" : $" {context}";
        Assert.True(response.StatusCode == status,
            $"{request?.Method} {request?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}{made}, not {(int)status}.");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
