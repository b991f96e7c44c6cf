using Microsoft.Extensions.DependencyInjection;

namespace FeatureAspire.AppHost.Services;

/// <summary>
/// Each replica's own address, for a caller that must see replicas one by one (the admin counting how many answer).
/// With <c>WithReplicas</c>, Aspire puts a proxy in front of the replicas and service discovery names only the proxy
/// (<c>services__featureapi__http__0</c>), which is what ordinary callers should use. The replicas listen on ports of
/// their own that exist only in each running replica's environment, so they are read from the replicas' snapshots
/// and handed over as the named endpoint <c>replicas</c> of the same service (<c>services__featureapi__replicas__N</c>,
/// resolved as <c>http://_replicas.featureapi</c>). On Kubernetes the same name is a headless service's SRV record.
/// </summary>
public static class ReplicaEndpointsExtensions
{
    public const string EndpointName = "replicas";

    /// <summary>The longest the caller's start waits for the replicas' addresses; without them it falls back to the proxy.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static IResourceBuilder<ProjectResource> WithReplicaEndpoints(this IResourceBuilder<ProjectResource> caller, IResourceBuilder<ProjectResource> service) =>
        caller.WithEnvironment(async context =>
        {
            if (!context.ExecutionContext.IsRunMode)
            {
                return; // A deployment names its replicas its own way.
            }
            var notifications = context.ExecutionContext.Services.GetRequiredService<ResourceNotificationService>();
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            patience.CancelAfter(Patience);
            IReadOnlyList<string> addresses;
            try
            {
                addresses = await ReplicaAddressesAsync(notifications, service.Resource, patience.Token);
            }
            catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
            {
                return;
            }
            for (var i = 0; i < addresses.Count; i++)
            {
                context.EnvironmentVariables[$"services__{service.Resource.Name}__{EndpointName}__{i}"] = addresses[i];
            }
        });

    /// <summary>
    /// The http address of every replica of <paramref name="service"/>, in a stable order, once all of them run.
    /// Watching replays the current state of every resource first, so replicas already running are seen at once.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ReplicaAddressesAsync(ResourceNotificationService notifications, IResource service,
        CancellationToken cancellationToken)
    {
        var expected = service.GetReplicaCount();
        var addresses = new Dictionary<string, string>();
        await foreach (var update in notifications.WatchAsync(cancellationToken))
        {
            if (update.Resource != service)
            {
                continue;
            }
            if (HttpAddress(update.Snapshot) is { } address)
            {
                addresses[update.ResourceId] = address;
            }
            if (addresses.Count == expected)
            {
                break;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return [.. addresses.Values.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The replica's own http URL from the environment it runs with: its Kestrel http endpoint (see
    /// <see cref="GrpcEndpointExtensions"/>), or ASPNETCORE_URLS, which lists what Kestrel binds otherwise.
    /// </summary>
    private static string? HttpAddress(CustomResourceSnapshot snapshot)
    {
        if (snapshot.State?.Text != KnownResourceStates.Running)
        {
            return null;
        }
        var urls = (snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == "Kestrel__Endpoints__http__Url")
            ?? snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == "ASPNETCORE_URLS"))?.Value;
        return urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
    }
}
