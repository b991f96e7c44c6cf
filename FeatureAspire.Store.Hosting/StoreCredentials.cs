using System.Security.Cryptography;

namespace FeatureAspire.Store.Hosting;

/// <summary>
/// The two passwords of a store: the default user's (administration and the AppHost's own checks) and the
/// least-privilege <see cref="StoreAccess.ApiUser"/>'s that FeatureApi connects with.
/// </summary>
public sealed record StoreCredentials(string AdminPassword, string ApiPassword)
{
    public static StoreCredentials Generate() => new(NewPassword(), NewPassword());

    /// <summary>128 random bits as hex: no character a connection string or a config file would need to escape.</summary>
    public static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
