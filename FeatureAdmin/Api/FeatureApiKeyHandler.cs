using FeatureAdmin.Security;
using Microsoft.Extensions.Options;

namespace FeatureAdmin.Api;

/// <summary>Adds the admin's key (<c>FeatureApi:ApiKey</c>) as <c>X-API-Key</c> to every request to featureapi.</summary>
public sealed class FeatureApiKeyHandler(IOptions<FeatureApiOptions> options) : DelegatingHandler
{
    public const string HeaderName = "X-API-Key";

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
