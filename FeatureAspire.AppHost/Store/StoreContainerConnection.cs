using FeatureAspire.Store.Hosting;

namespace FeatureAspire.AppHost.Store;

/// <summary>
/// What consumers of the store container connect with: the Redis container's endpoint as the least-privilege
/// <see cref="StoreAccess.ApiUser"/>, never the administrator. The container's <see cref="RedisResource"/> redirects
/// its connection string here (Aspire's <c>WithConnectionStringRedirection</c>), so it stays the one resource
/// consumers reference and wait for; this one is not part of the model.
/// </summary>
internal sealed class StoreContainerConnection(RedisResource redis, ParameterResource apiPassword)
    : Resource($"{redis.Name}-{StoreAccess.ApiUser}"), IResourceWithConnectionString
{
    // Built like RedisResource's own connection string, TLS included (Aspire turns it on when it gives the container
    // a certificate), with FeatureApi's user in place of the default one.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{redis.Host}:{redis.Port},user={StoreAccess.ApiUser},password={apiPassword}{redis.PrimaryEndpoint.GetTlsValue(
            enabledValue: ReferenceExpression.Create($",ssl=true"), disabledValue: ReferenceExpression.Empty)}");
}
