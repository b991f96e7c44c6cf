using System.Collections.Frozen;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FeatureApi.Auth;

/// <summary>
/// The configured keys, prepared once: each key's SHA-256 and the authentication result its callers get. A presented
/// key is hashed and compared with every known hash in constant time, so neither the comparison nor the lookup
/// tells an attacker how close a guess came; a request allocates nothing here.
/// </summary>
internal sealed class ApiKeyRing
{
    /// <summary>The claim carrying a scope; policies require it.</summary>
    public const string ScopeClaim = "scope";

    private const int HashBytes = SHA256.HashSizeInBytes;
    private const int MaxKeyBytes = 1024;

    private readonly byte[] hashes;
    private readonly KnownKey[] keys;
    private readonly FrozenDictionary<string, KnownKey> byName;

    public ApiKeyRing(IOptions<ApiKeyOptions> options)
    {
        Disabled = options.Value.Disabled;
        keys = [.. options.Value.ApiKeys.Select(k => new KnownKey(k.Key, Principal(k.Key, k.Value.Scopes)))];
        hashes = new byte[keys.Length * HashBytes];
        var i = 0;
        foreach (var entry in options.Value.ApiKeys.Values)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(entry.Key), hashes.AsSpan(i++ * HashBytes, HashBytes));
        }
        Open = new KnownKey("auth-disabled", Principal("auth-disabled", ApiScopes.All));
        byName = keys.Append(Open).ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);
    }

    /// <summary>The key an authenticated request's name refers to.</summary>
    public KnownKey? Named(string name) => byName.GetValueOrDefault(name);

    /// <summary>Auth:Disabled: every request is let in as <see cref="Open"/>.</summary>
    public bool Disabled { get; }

    /// <summary>Who a request is when keys are switched off: every scope.</summary>
    public KnownKey Open { get; }

    /// <summary>The key matching <paramref name="presented"/>, or null.</summary>
    public KnownKey? Find(string presented)
    {
        Span<byte> utf8 = stackalloc byte[MaxKeyBytes];
        if (!Encoding.UTF8.TryGetBytes(presented, utf8, out var length))
        {
            return null;
        }
        Span<byte> hash = stackalloc byte[HashBytes];
        SHA256.HashData(utf8[..length], hash);

        // Every known hash is compared, match or not: the time taken does not depend on which key matched.
        var found = -1;
        for (var k = 0; k < keys.Length; k++)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, hashes.AsSpan(k * HashBytes, HashBytes)))
            {
                found = k;
            }
        }
        return found < 0 ? null : keys[found];
    }

    private static ClaimsPrincipal Principal(string name, IEnumerable<string> scopes) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), .. scopes.Distinct().Select(s => new Claim(ScopeClaim, s))],
            ApiKeyAuthenticationHandler.SchemeName));

    /// <summary>A key's name and the result every request carrying it authenticates as (shared, read-only).</summary>
    internal sealed class KnownKey(string name, ClaimsPrincipal principal)
    {
        public string Name { get; } = name;

        /// <summary>Completed once, so authenticating a request allocates no result or task.</summary>
        public Task<AuthenticateResult> ResultTask { get; } =
            Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeyAuthenticationHandler.SchemeName)));

        /// <summary>The log scope naming the key (never the key itself).</summary>
        public IReadOnlyList<KeyValuePair<string, object?>> LogScope { get; } = [new("ApiKeyName", name)];
    }
}
