namespace FeatureAdmin.Api;

/// <summary>
/// featureapi as the admin's raw HTTP paths address it (the gateway and the probe), by resource name through service
/// discovery. The pages call it through <see cref="FeatureAspire.Client.FeatureApiClient"/> instead.
/// </summary>
public static class FeatureApiService
{
    public const string ServiceName = "featureapi";
    public static readonly Uri BaseAddress = new($"http://{ServiceName}");
}
