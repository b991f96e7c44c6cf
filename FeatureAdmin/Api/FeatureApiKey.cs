using FeatureAspire.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FeatureAdmin.Api;

/// <summary>
/// The admin's own featureapi key, read as its <see cref="FeatureApiClient"/> reads it
/// (<see cref="FeatureApiClientSettings.Read"/>), so the pages, the probe and the gateway send the very same key.
/// Never sent to a browser.
/// </summary>
public sealed record FeatureApiKey(string? Value)
{
    /// <summary>Registers the key once, for whichever of the admin's parts asks first.</summary>
    public static void Register(IHostApplicationBuilder builder) =>
        builder.Services.TryAddSingleton(new FeatureApiKey(FeatureApiClientSettings.Read(builder.Configuration, FeatureApiService.ServiceName).ApiKey));
}
