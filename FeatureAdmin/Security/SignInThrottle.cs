using System.Net;
using FeatureAspire.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FeatureAdmin.Security;

/// <summary>
/// Counts wrong admin passwords per client address in a fixed window, so the password cannot be guessed at full
/// speed. An attempt takes its place in the count before the password is checked, so parallel guesses cannot slip
/// past the limit, and gives it back when it succeeds: only failures count.
/// </summary>
public sealed class SignInThrottle(IOptions<SignInLimits> options, TimeProvider time)
{
    private readonly SignInLimits limits = options.Value;
    private readonly Lock gate = new();

    // At most MaxTrackedAddresses windows, so memory stays bounded however many addresses come. Every window lasts
    // the same time, so they end in the order they started (unless the clock steps back): the queue's head ends next.
    private readonly Dictionary<string, FailureWindow> windows = [];
    private readonly Queue<(string Key, FailureWindow Window)> byEnd = new();

    // Fails closed: while the table is full, every address not in it shares this one window, so an attacker rotating
    // addresses is still throttled (and so, for that window, is anyone else new), while tracked addresses keep theirs.
    private FailureWindow? overflow;

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
        lock (gate)
        {
            ForgetEnded(now);
            if (windows.TryGetValue(key, out var window) && window.EndsAt > now)
            {
                return window;
            }
            if (window is null && windows.Count >= limits.MaxTrackedAddresses)
            {
                return SharedWindow(now);
            }
            window = NewWindow(now);
            windows[key] = window;
            byEnd.Enqueue((key, window));
            return window;
        }
    }

    private void ForgetEnded(DateTimeOffset now)
    {
        while (byEnd.TryPeek(out var oldest) && oldest.Window.EndsAt <= now)
        {
            byEnd.Dequeue();
            // Unless a newer window took its key, which happens only when the clock stepped back.
            if (windows.TryGetValue(oldest.Key, out var current) && current == oldest.Window)
            {
                windows.Remove(oldest.Key);
            }
        }
    }

    private FailureWindow SharedWindow(DateTimeOffset now)
    {
        if (overflow is null || overflow.EndsAt <= now)
        {
            overflow = NewWindow(now);
        }
        return overflow;
    }

    private FailureWindow NewWindow(DateTimeOffset now) => new(now + limits.Window, limits.MaxFailures);

    private static string Key(IPAddress? address) => address is null ? "unknown" : ClientAddress.Normalize(address).ToString();
}
