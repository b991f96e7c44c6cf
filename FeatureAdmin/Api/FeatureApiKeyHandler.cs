using FeatureAdmin.Security;
using FeatureAspire.Client;
using Microsoft.Extensions.Options;

namespace FeatureAdmin.Api;

/// <summary>
/// Adds the admin's key (<c>FeatureApi:ApiKey</c>) as <c>X-API-Key</c> to the probe's raw requests to featureapi;
/// the pages' <see cref="FeatureApiClient"/> sends the same key itself.
/// </summary>
public sealed class FeatureApiKeyHandler(IOptions<FeatureApiOptions> options) : DelegatingHandler
{
    public const string HeaderName = FeatureApiClient.ApiKeyHeaderName;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.Value.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Remove(HeaderName);
            request.Headers.TryAddWithoutValidation(HeaderName, key);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
