using FeatureAdmin.Api;
using FeatureAdmin.Components.Entities;
using FeatureAdmin.Components.Shared;
using FeatureAdmin.Registry;
using FeatureAspire.Client;
using Microsoft.AspNetCore.Components;

namespace FeatureAdmin.Components.Pages;

/// <summary>
/// Any entity's instances: seed them, browse their keys, find one and edit or delete its stored features. The entity
/// comes from the address (<c>/entities/item</c>); <c>/entities</c> and the old <c>/users</c> open the seed's user
/// when the repository has one.
/// </summary>
public sealed partial class Entities : ApiComponent
{
    private EntityInfo? entity;
    private EntityKey? selectedKey;
    private EntityBrowser? browser;
    private string? loadError;
    private string? error;

    [Inject] public required FeatureCatalog Catalog { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>The entity's name from the address; none for <c>/entities</c> and <c>/users</c>, which show the default entity.</summary>
    [Parameter] public string? Entity { get; set; }

    protected override async Task OnInitializedAsync() => loadError = await Catalog.LoadAsync(Closing);

    protected override void OnParametersSet()
    {
        var picked = Entity is null ? Catalog.View.DefaultEntity : Catalog.View.Outline.FindEntity(Entity);
        if (picked != entity)
        {
            entity = picked;
            selectedKey = null;
        }
        // Worked out again for each address, so an entity picked after an unknown one clears the complaint about it.
        error = entity is not null || Catalog.View.Entities.Count == 0 ? loadError
            : Entity is null ? "The repository has no entities." : $"The repository has no entity '{Entity}'.";
    }

    private void Pick(string? name)
    {
        if (!string.IsNullOrEmpty(name) && name != entity?.Name)
        {
            Navigation.NavigateTo($"/entities/{Uri.EscapeDataString(name)}");
        }
    }
}
