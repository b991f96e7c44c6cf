using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FeatureApi.Auth;

/// <summary>
/// The configured keys, prepared once with the authentication result their callers get. A presented key is compared
/// with every known key in constant time (CryptographicOperations.FixedTimeEquals over its UTF-16 bytes), so neither
/// the comparison nor the lookup tells an attacker how close a guess came; only a key's length is not hidden, and
/// generated keys all have the same one. No hashing: SHA-256 through OpenSSL cost 2-4 % of an extract's CPU.
/// A request allocates nothing here.
/// </summary>
internal sealed class ApiKeyRing : IDisposable
{
    /// <summary>The claim carrying a scope; policies require it.</summary>
    public const string ScopeClaim = "scope";

    private readonly string[] secrets;
    private readonly KnownKey[] keys;

    public ApiKeyRing(IOptions<ApiKeyOptions> options, IOptions<RateLimitOptions> limits)
    {
        Disabled = options.Value.Disabled;
        keys = [.. options.Value.ApiKeys.Select(k => new KnownKey(k.Key, k.Value.Scopes, new KeyRateLimits(limits.Value)))];
        secrets = [.. options.Value.ApiKeys.Select(k => k.Value.Key)];
        Open = new KnownKey("auth-disabled", ApiScopes.All, new KeyRateLimits(limits.Value));
    }

    /// <summary>Auth:Disabled: every request is let in as <see cref="Open"/>.</summary>
    public bool Disabled { get; }

    /// <summary>Who a request is when keys are switched off: every scope.</summary>
    public KnownKey Open { get; }

    /// <summary>The key matching <paramref name="presented"/>, or null.</summary>
    public KnownKey? Find(string presented)
    {
        var guess = MemoryMarshal.AsBytes(presented.AsSpan());

        // Every known key is compared, match or not: the time taken does not depend on which key matched.
        var found = -1;
        for (var k = 0; k < secrets.Length; k++)
        {
            if (CryptographicOperations.FixedTimeEquals(guess, MemoryMarshal.AsBytes(secrets[k].AsSpan())))
            {
                found = k;
            }
        }
        return found < 0 ? null : keys[found];
    }

    public void Dispose()
    {
        foreach (var key in keys.Append(Open))
        {
            key.Limits.Dispose();
        }
    }

    /// <summary>A key's name and the result every request carrying it authenticates as (shared, read-only).</summary>
    internal sealed class KnownKey
    {
        public KnownKey(string name, IEnumerable<string> scopes, KeyRateLimits limits)
        {
            Name = name;
            Limits = limits;
            LogScope = [new("ApiKeyName", name)];
            ResultTask = Task.FromResult(AuthenticateResult.Success(
                new AuthenticationTicket(new ApiKeyPrincipal(this, scopes), ApiKeyAuthenticationHandler.SchemeName)));
        }

        public string Name { get; }

        /// <summary>The key's token buckets: every route charges its work here.</summary>
        public KeyRateLimits Limits { get; }

        /// <summary>Completed once, so authenticating a request allocates no result or task.</summary>
        public Task<AuthenticateResult> ResultTask { get; }

        /// <summary>The log scope naming the key (never the key itself).</summary>
        public IReadOnlyList<KeyValuePair<string, object?>> LogScope { get; }
    }
}
