using FeatureApi.Features;

namespace FeatureApi.GrpcApi;

/// <summary>
/// The call's services with one registry version pinned: what a request body's validation rules read when they ask for
/// the <see cref="FeatureRegistry"/>. A unary call pins its scoped registry (the one its handler reads); a stream pins
/// each message's own, since one request scope lasts as long as the stream.
/// </summary>
internal sealed class RegistryPinnedServices(IServiceProvider services, FeatureRegistry registry) : IServiceProvider
{
    public object? GetService(Type serviceType) => serviceType == typeof(FeatureRegistry) ? registry : services.GetService(serviceType);
}
