using FeatureAspire.Store.Hosting;

namespace FeatureAspire.AppHost.Store;

/// <summary>The two generated passwords of a store the AppHost runs (shared by every node of a cluster).</summary>
/// <param name="Admin">The default user's: administration and nothing else.</param>
/// <param name="Api">The password of <see cref="StoreAccess.ApiUser"/>, the least-privilege user consumers connect as.</param>
public sealed record StorePasswords(ParameterResource Admin, ParameterResource Api)
{
    public static StorePasswords Add(IDistributedApplicationBuilder builder, string store) => new(
        builder.AddGeneratedSecret($"{store}-password").Resource,
        builder.AddGeneratedSecret($"{store}-{StoreAccess.ApiUser}-password").Resource);

    /// <summary>The parameters' values, for the store's configuration file: known once the AppHost starts.</summary>
    public async Task<StoreCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => new(
        await Admin.GetValueAsync(cancellationToken) ?? "",
        await Api.GetValueAsync(cancellationToken) ?? "");
}
