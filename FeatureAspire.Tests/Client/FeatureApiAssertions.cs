using System.Net;
using FeatureAspire.Client;

namespace FeatureAspire.Tests.Client;

/// <summary>What the client tests check of a refusal again and again.</summary>
internal static class FeatureApiAssertions
{
    /// <summary>Asserts that <paramref name="call"/> is refused with a 400 naming exactly <paramref name="fields"/>, in any order.</summary>
    public static async Task<FeatureApiException> AssertInvalidAsync(Func<Task> call, params string[] fields)
    {
        var refused = await Assert.ThrowsAsync<FeatureApiException>(call);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(fields.Order(), refused.Errors.Keys.Order());
        return refused;
    }
}
