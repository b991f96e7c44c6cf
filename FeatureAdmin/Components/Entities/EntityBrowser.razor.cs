using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAdmin.Registry;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Entities;

/// <summary>An entity's keys page by page, following featureapi's cursors (kept on a stack so Previous works).</summary>
public sealed partial class EntityBrowser : ApiComponent
{
    public const int PageSize = 50;

    private readonly Stack<string?> cursors = new();
    private string? currentCursor;
    private EntityPage? current;
    private bool loading;
    private string? error;

    [Inject] public required FeatureApiClient Api { get; init; }

    [Parameter, EditorRequired] public required EntityInfo Entity { get; set; }

    [Parameter] public EventCallback<EntityKey> Selected { get; set; }

    protected override Task OnInitializedAsync() => FirstPageAsync();

    /// <summary>Shows the first page again; also called by the page after seeding, so it re-renders itself.</summary>
    public async Task FirstPageAsync()
    {
        cursors.Clear();
        await LoadAsync(null);
        StateHasChanged();
    }

    private Task NextPageAsync()
    {
        cursors.Push(currentCursor);
        return LoadAsync(current?.NextCursor);
    }

    private Task PreviousPageAsync() => LoadAsync(cursors.TryPop(out var previous) ? previous : null);

    private async Task LoadAsync(string? cursor)
    {
        loading = true;
        var result = await ApiCall.TryAsync(t => Api.GetEntityKeysPageAsync(Entity.Name, PageSize, cursor, t), Closing);
        loading = false;
        error = result.Error;
        if (result.Succeeded)
        {
            current = result.Value;
            currentCursor = cursor;
        }
    }
}
