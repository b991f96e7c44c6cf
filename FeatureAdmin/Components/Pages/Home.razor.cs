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
    private bool? apiHealthy;
    private string? apiHealthText;
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
        // Each part fails on its own: a missing endpoint must not blank the whole page.
        var storeCall = ApiCall.TryAsync(Api.GetStoreAsync, token);
        var healthCall = ApiCall.TryAsync(Api.GetHealthAsync, token);
        var countCall = ApiCall.TryAsync(Api.CountUsersAsync, token);
        var registryCall = ApiCall.TryAsync(Api.GetDefinitionsAsync, token);
        var replicasCall = Replicas.CheckAsync(token);

        (store, storeNote) = await storeCall;
        var health = await healthCall;
        (apiHealthy, apiHealthText) = health.Value is { } answer ? (answer.Healthy, answer.Report) : (false, health.Error);
        var count = await countCall;
        (userCount, userCountNote) = (count.Succeeded ? count.Value : null, count.Error);
        var registry = await registryCall;
        registryError = registry.Error;
        definitions = (registry.Value ?? []).AsQueryable();
        replicas = await replicasCall;
        loading = false;
    }

}
