using FeatureAdmin.Api;
using FeatureAdmin.Components.Shared;
using FeatureAdmin.Registry;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FeatureAdmin.Components.Entities;

/// <summary>
/// One instance's stored features (editable), and every feature an extract naming only this entity computes for it,
/// with their statuses. The page has loaded the catalog before it shows this.
/// </summary>
public sealed partial class EntityInspector : ApiComponent
{
    private readonly Dictionary<string, double> requestValues = new(StringComparer.Ordinal);
    private string keyText = "";
    private EntityKey? requestedKey;
    private EntityKey? shownKey;
    private EntityFeatures? stored;
    private FeatureVector? extracted;
    private List<EditableFeature> edits = [];
    private IReadOnlyList<string> servable = [];
    private FeatureNeeds needs = new([], []);
    private bool loading;
    private string? error;

    [Inject] public required FeatureApiClient Api { get; init; }
    [Inject] public required FeatureCatalog Catalog { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required IToastService Toasts { get; init; }

    [Parameter, EditorRequired] public required EntityInfo Entity { get; set; }

    /// <summary>An instance picked elsewhere on the page (the browser); looked up when it changes.</summary>
    [Parameter] public EntityKey? Key { get; set; }

    private string Capital => Format.Capital(Entity.Name);

    private string Article => Entity.Name is ['a' or 'e' or 'i' or 'o' or 'u', ..] ? "an" : "a";

    // The page keys this component by its entity, so what it can serve is worked out once per entity.
    protected override void OnInitialized()
    {
        keyText = EntityKeyText.Sample(Entity);
        servable = Catalog.View.ServableFrom(Entity.Name);
        needs = Catalog.View.NeedsOf(servable);
        foreach (var field in needs.RequestFields)
        {
            requestValues[field.Name] = field.Default;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Key is { } picked && picked != requestedKey)
        {
            requestedKey = picked;
            keyText = picked.ToString();
            await FindAsync();
        }
    }

    private async Task FindAsync()
    {
        var key = EntityKeyText.Parse(Entity, keyText);
        if (key is { IsNumber: false, Text.Length: 0 })
        {
            error = $"Type the {Entity.Name}'s key first.";
            return;
        }
        loading = true;
        var token = Closing;
        var instance = await ApiCall.TryAsync(t => Api.GetEntityAsync(Entity.Name, key, t), token);
        var vector = servable.Count == 0 ? new ApiResult<FeatureVector>(null, null) : await ApiCall.TryAsync(t => Api.ExtractEntitiesAsync(
            new Dictionary<string, EntityKey> { [Entity.Name] = key }, needs.RequestFields.Count > 0 ? requestValues : null, servable, cancellationToken: t), token);
        loading = false;

        error = instance.Error ?? vector.Error;
        if (!instance.Succeeded)
        {
            return;
        }
        shownKey = key;
        stored = instance.Value;
        extracted = vector.Value;
        edits = [.. Catalog.View.StoredOf(Entity.Name).Select(d => new EditableFeature(d.Name,
            stored?.Features.GetValueOrDefault(d.Name, d.Default) ?? d.Default,
            stored?.Features.ContainsKey(d.Name) == true))];
    }

    private async Task SaveAsync()
    {
        if (shownKey is not { } key)
        {
            return;
        }
        var values = edits.ToDictionary(e => e.Name, e => e.Value);
        var saved = await ApiCall.TryAsync(t => Api.UpsertEntityAsync(Entity.Name, key, values, t), Closing);
        if (!saved.Succeeded)
        {
            error = saved.Error;
            return;
        }
        Toasts.ShowSuccess($"Saved {Entity.Name} {key}.");
        keyText = key.ToString();
        await FindAsync();
    }

    private async Task DeleteAsync()
    {
        if (shownKey is not { } key)
        {
            return;
        }
        var dialog = await Dialogs.ShowConfirmationAsync($"Delete the stored features of {Entity.Name} {key}?", "Delete", "Keep", $"Delete {Entity.Name}");
        if ((await dialog.Result).Cancelled)
        {
            return;
        }
        var deleted = await ApiCall.TryAsync(t => Api.DeleteEntityAsync(Entity.Name, key, t), Closing);
        if (!deleted.Succeeded)
        {
            error = deleted.Error;
            return;
        }
        Toasts.ShowSuccess(deleted.Value ? $"Deleted {Entity.Name} {key}." : $"{Capital} {key} had no stored features.");
        keyText = key.ToString();
        await FindAsync();
    }

    private sealed class EditableFeature(string name, double value, bool stored)
    {
        public string Name { get; } = name;
        public double Value { get; set; } = value;
        public bool Stored { get; } = stored;
    }
}
