using HealthChecks.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeatureAspire.AppHost.Store;

/// <summary>
/// Healthy once the user consumers get can connect and PING, by the check Aspire's Redis integration uses
/// (AspNetCore.HealthChecks.Redis; on a cluster it also wants <c>cluster_state:ok</c> from every node). A listening
/// socket alone does not prove the store, or its ACL, works.
/// </summary>
internal sealed class ConsumerHealthCheck(IResourceWithConnectionString store) : IHealthCheck
{
    private RedisHealthCheck? check;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Resolved at the first check: health is only checked once the store runs, when its endpoints are known.
        check ??= new RedisHealthCheck(await store.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? "");
        return await check.CheckHealthAsync(context, cancellationToken);
    }
}

internal static class ConsumerHealthCheckExtensions
{
    public static IResourceBuilder<T> WithConsumerHealthCheck<T>(this IResourceBuilder<T> store, IDistributedApplicationBuilder builder)
        where T : IResourceWithConnectionString
    {
        var key = $"{store.Resource.Name}_ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, _ => new ConsumerHealthCheck(store.Resource), failureStatus: null, tags: null));
        return store.WithHealthCheck(key);
    }
}
