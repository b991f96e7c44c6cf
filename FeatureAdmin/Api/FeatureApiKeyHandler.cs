using System.Net.Http.Headers;
using FeatureAspire.Client;

namespace FeatureAdmin.Api;

/// <summary>
/// Adds the admin's key as <c>X-API-Key</c> to the probe's raw requests to featureapi; the pages'
/// <see cref="FeatureApiClient"/> sends the same key itself, and the gateway uses <see cref="Set"/>.
/// </summary>
public sealed class FeatureApiKeyHandler(FeatureApiKey key) : DelegatingHandler
{
    public const string HeaderName = FeatureApiClient.ApiKeyHeaderName;

    /// <summary>Replaces whatever key <paramref name="headers"/> carry with the admin's: it speaks for the admin.</summary>
    public static void Set(HttpRequestHeaders headers, FeatureApiKey key)
    {
        headers.Remove(HeaderName);
        if (key.Value is { Length: > 0 } value)
        {
            headers.TryAddWithoutValidation(HeaderName, value);
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Set(request.Headers, key);
        return base.SendAsync(request, cancellationToken);
    }
}
