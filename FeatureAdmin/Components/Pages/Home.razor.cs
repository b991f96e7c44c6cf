using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Pages;

/// <summary>Where the features live, whether the service and each of its replicas answer, how many users it knows, and what it can compute.</summary>
public sealed partial class Home : ApiComponent
{
    private bool loading;
    private StoreInfo? store;
    private string? storeNote;
    private long? userCount;
    private string? userCountNote;
    private IQueryable<FeatureDefinition> definitions = Enumerable.Empty<FeatureDefinition>().AsQueryable();
    private string? registryError;
    private ReplicaReport? replicas;

    [Inject] public required FeatureApiClient Api { get; init; }
    [Inject] public required ReplicaStatus Replicas { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        loading = true;
        var token = Closing;
        // Each part fails on its own: a missing endpoint must not blank the whole page. The featureapi tile is read
        // from the replica check, which already asks every address's /health, so a load asks each of them once.
        var storeCall = ApiCall.TryAsync(Api.GetStoreAsync, token);
        var countCall = ApiCall.TryAsync(Api.CountUsersAsync, token);
        var registryCall = ApiCall.TryAsync(Api.GetDefinitionsAsync, token);
        var replicasCall = Replicas.CheckAsync(token);

        (store, storeNote) = await storeCall;
        var count = await countCall;
        (userCount, userCountNote) = (count.Succeeded ? count.Value : null, count.Error);
        var registry = await registryCall;
        registryError = registry.Error;
        definitions = (registry.Value ?? []).AsQueryable();
        replicas = await replicasCall;
        loading = false;
    }
}
