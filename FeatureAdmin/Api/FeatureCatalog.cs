using FeatureAdmin.Registry;
using FeatureAspire.Client;

namespace FeatureAdmin.Api;

/// <summary>
/// The feature repository as one browser tab sees it: featureapi's definitions and the outline of the stored
/// document, loaded again by each page that opens (an apply can change them at any moment) and shared by that page's
/// components.
/// </summary>
public sealed class FeatureCatalog(FeatureApiClient api)
{
    public RegistryView View { get; private set; } = RegistryView.Empty;

    /// <summary>The store's current version and its document, when it could be read.</summary>
    public RegistryDocument? Current { get; private set; }

    public IReadOnlyList<FeatureDefinition> Definitions => View.Definitions;

    public IReadOnlyDictionary<string, FeatureKind> Kinds => View.Kinds;

    /// <summary>Loads the definitions and the repository document; the sentence on failure, null on success.</summary>
    public async Task<string?> LoadAsync(CancellationToken cancellationToken)
    {
        var definitionsCall = ApiCall.TryAsync(t => api.GetDefinitionsAsync(t), cancellationToken);
        var registryCall = ApiCall.TryAsync(t => api.GetRegistryAsync(t), cancellationToken);
        var (definitions, definitionsError) = await definitionsCall;
        (Current, var registryError) = await registryCall;
        var (outline, outlineError) = Current is null ? (RepositoryOutline.Empty, null) : RepositoryOutline.Read(Current.Document);
        View = new RegistryView(definitions ?? [], outline);
        return definitionsError ?? registryError ?? outlineError;
    }
}
