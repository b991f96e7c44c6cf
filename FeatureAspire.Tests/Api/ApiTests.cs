using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeatureAspire.Tests.Infrastructure;

namespace FeatureAspire.Tests.Api;

/// <summary>What the HTTP tests of FeatureApi share: the fixture's client, skipped when its store cannot run here.</summary>
public abstract class ApiTests(ApiFixture fixture)
{
    protected ApiFixture Fixture { get; } = fixture;

    protected HttpClient Api
    {
        get
        {
            Skip.If(Fixture.Unavailable is not null, Fixture.Unavailable);
            return Fixture.Client;
        }
    }

    /// <summary>An extract that must succeed with a Server-Timing header.</summary>
    protected static async Task<JsonElement> ExtractAsync(HttpClient api, object request)
    {
        using var response = await api.PostAsJsonAsync("/api/features/extract", request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TryGetValues("Server-Timing", out _));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A 400 problem whose errors name <paramref name="field"/>; returns the problem document.</summary>
    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, string field)
    {
        ProblemAssertions.AssertProblem(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains(field, fields);
        return problem;
    }
}
