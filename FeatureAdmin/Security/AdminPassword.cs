using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FeatureAdmin.Security;

/// <summary>Checks a typed password against <see cref="AdminOptions.Password"/> in constant time.</summary>
public sealed class AdminPassword(IOptions<AdminOptions> options)
{
    public bool Matches(string? candidate)
    {
        // Hashing both sides first gives equal lengths, so neither the content nor the length leaks through timing.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Password));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(candidate ?? ""));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
