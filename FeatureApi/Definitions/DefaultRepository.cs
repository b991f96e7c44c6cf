namespace FeatureApi.Definitions;

/// <summary>
/// The product's default repository (<c>default-repository.yaml</c>, the seed's catalog as data): applied when the
/// store holds no repository yet, and served as version 0 by a replica that has not reached the store.
/// </summary>
public static class DefaultRepository
{
    public static string Text { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(DefaultRepository).Assembly.GetManifestResourceStream("default-repository.yaml")
            ?? throw new InvalidOperationException("The default repository is not embedded in FeatureApi.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
