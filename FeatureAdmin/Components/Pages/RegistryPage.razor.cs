using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAdmin.Registry;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Pages;

/// <summary>
/// The feature repository as data: the version the store holds and its document, which version each replica serves,
/// an editor that plans before it applies, and the history with rollback.
/// </summary>
public sealed partial class RegistryPage : ApiComponent
{
    /// <summary>How long after an apply the replicas are asked again when one had not caught up: they should within a second.</summary>
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(1.5);

    private readonly RegistryEditor editor = new();
    private RegistryDocument? current;
    private IReadOnlyList<RegistryVersionRecord> history = [];
    private ReplicaVersionReport? replicaVersions;
    private bool loading;
    private string? error;

    [Inject] public required FeatureApiClient Api { get; init; }
    [Inject] public required ReplicaVersions Replicas { get; init; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        loading = true;
        var token = Closing;
        var currentCall = ApiCall.TryAsync(t => Api.GetRegistryAsync(t), token);
        var historyCall = ApiCall.TryAsync(t => Api.GetRegistryHistoryAsync(cancellationToken: t), token);
        var replicasCall = Replicas.CheckAsync(token);
        var (read, readError) = await currentCall;
        var (versions, historyError) = await historyCall;
        current = read ?? current;
        history = versions ?? history;
        error = readError ?? historyError;
        replicaVersions = await replicasCall;
        loading = false;
    }

    private async Task CheckReplicasAsync()
    {
        replicaVersions = null;
        replicaVersions = await Replicas.CheckAsync(Closing);
    }

    private void EditCopy(string document) => editor.Load(document);

    /// <summary>After an apply or a rollback: the new version, its history, and the replicas, again a moment later if one lagged.</summary>
    private async Task ChangedAsync(long version)
    {
        await LoadAsync();
        if (current is not null && replicaVersions?.Lagging(current.Version).Count > 0)
        {
            StateHasChanged();
            await Task.Delay(CatchUp, Closing);
            await CheckReplicasAsync();
        }
    }
}
