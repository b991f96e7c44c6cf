using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace FeatureAdmin.Security;

/// <summary>
/// Counts wrong admin passwords per client address in a fixed window, so the password cannot be guessed at full
/// speed. An attempt takes its place in the count before the password is checked, so parallel guesses cannot slip
/// past the limit, and gives it back when it succeeds: only failures count.
/// </summary>
public sealed class SignInThrottle(IOptions<SignInLimits> options, TimeProvider time) : IDisposable
{
    private readonly SignInLimits limits = options.Value;

    // A size-limited cache whose entries expire with their window: memory stays bounded however many addresses come.
    // When it is full a new address goes uncounted rather than evicting one that is locked out.
    private readonly MemoryCache windows = new(new MemoryCacheOptions { SizeLimit = options.Value.MaxTrackedAddresses });

    /// <summary>Starts a sign-in from <paramref name="address"/>; a refused attempt must not check the password at all.</summary>
    public SignInAttempt Begin(IPAddress? address)
    {
        var now = time.GetUtcNow();
        var window = CurrentWindow(Key(address), now);
        return window.TryCount() ? SignInAttempt.Counted(window) : SignInAttempt.Refused(window.EndsAt - now);
    }

    private FailureWindow CurrentWindow(string key, DateTimeOffset now)
    {
        // One lock so two first attempts from an address cannot each start a window of their own.
        lock (windows)
        {
            if (windows.TryGetValue(key, out FailureWindow? window) && window!.EndsAt > now)
            {
                return window;
            }
            window = new FailureWindow(now + limits.Window, limits.MaxFailures);
            // The cache's own clock expires the entry for memory's sake; EndsAt (on TimeProvider) decides the lockout.
            windows.Set(key, window, new MemoryCacheEntryOptions
            {
                Size = 1,
                AbsoluteExpirationRelativeToNow = limits.Window,
                Priority = CacheItemPriority.NeverRemove,
            });
            return window;
        }
    }

    public void Dispose() => windows.Dispose();

    /// <summary>IPv6 by its /64 prefix: one host usually owns a whole /64 and could otherwise rotate through it.</summary>
    private static string Key(IPAddress? address) => address switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4().ToString(),
        { AddressFamily: AddressFamily.InterNetworkV6 } => $"{new IPAddress([.. address.GetAddressBytes()[..8], .. new byte[8]])}/64",
        _ => address.ToString(),
    };
}
