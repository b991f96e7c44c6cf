using FeatureAspire.Client;

namespace FeatureAdmin.Api;

/// <summary>
/// The feature registry as one browser tab sees it: loaded once per circuit (it changes only with a deployment) and
/// sliced the ways the pages need it.
/// </summary>
public sealed class FeatureCatalog(FeatureApiClient api)
{
    private IReadOnlyList<FeatureDefinition>? definitions;

    public IReadOnlyList<FeatureDefinition> Definitions => definitions ?? [];

    /// <summary>Loads the registry if this circuit has not yet; the sentence on failure, null on success.</summary>
    public async Task<string?> LoadAsync(CancellationToken cancellationToken)
    {
        if (definitions is { Count: > 0 })
        {
            return null;
        }
        var result = await ApiCall.TryAsync(t => api.GetDefinitionsAsync(t), cancellationToken);
        definitions = result.Value;
        return result.Error;
    }

    public IReadOnlyList<FeatureDefinition> Stored => [.. Definitions.Where(d => d.Kind == FeatureKind.Stored)];

    /// <summary>Every feature an extract can name without the request supplying it: all but request features.</summary>
    public IReadOnlyList<string> Extractable => [.. Definitions.Where(d => d.Kind != FeatureKind.Request).Select(d => d.Name)];

    public IReadOnlyDictionary<string, FeatureKind> Kinds => Definitions.ToDictionary(d => d.Name, d => d.Kind);
}
