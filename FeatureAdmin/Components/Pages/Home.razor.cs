using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAdmin.Registry;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Pages;

/// <summary>
/// Where the features live (the store's server and its nodes), whether the service and each of its replicas answer,
/// which repository version the store holds, how many instances of each entity it knows, and what it can compute.
/// </summary>
public sealed partial class Home : ApiComponent
{
    private bool loading;
    private StoreInfo? store;
    private string? storeNote;
    private IReadOnlyList<EntityCount> counts = [];
    private IQueryable<FeatureDefinition> definitions = Enumerable.Empty<FeatureDefinition>().AsQueryable();
    private string? registryError;
    private ReplicaReport? replicas;

    [Inject] public required FeatureApiClient Api { get; init; }
    [Inject] public required FeatureCatalog Catalog { get; init; }
    [Inject] public required ReplicaStatus Replicas { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        loading = true;
        var token = Closing;
        // Each part fails on its own: a missing endpoint must not blank the whole page. The featureapi tile is read
        // from the replica check, which already asks every address's /health, so a load asks each of them once.
        var storeCall = ApiCall.TryAsync(Api.GetStoreAsync, token);
        var catalogCall = Catalog.LoadAsync(token);
        var replicasCall = Replicas.CheckAsync(token);

        (store, storeNote) = await storeCall;
        registryError = await catalogCall;
        definitions = Catalog.Definitions.AsQueryable();
        // The repository names the entities to count: one call each, all at once.
        counts = await Task.WhenAll(Catalog.View.Entities.Select(async entity =>
            new EntityCount(entity.Name, await ApiCall.TryAsync(t => Api.CountEntitiesAsync(entity.Name, t), token))));
        replicas = await replicasCall;
        loading = false;
    }

    /// <summary>How many instances of an entity have stored features, or why featureapi did not say.</summary>
    private sealed record EntityCount(string Entity, ApiResult<long> Count);
}
