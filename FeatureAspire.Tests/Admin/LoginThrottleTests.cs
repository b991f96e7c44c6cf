using System.Net;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeatureAspire.Tests.Admin;

/// <summary>The admin's login stops listening to an address that sent too many wrong passwords, until its window ends.</summary>
public sealed class LoginThrottleTests
{
    private const int MaxFailures = 3;
    private const string Attacker = "203.0.113.7";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private static readonly Dictionary<string, string?> Limits = new()
    {
        ["Admin:SignIn:MaxFailures"] = MaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Admin:SignIn:Window"] = Window.ToString(),
    };

    [Fact]
    public async Task TheRightPasswordIsRefusedUncheckedAfterTooManyWrongOnes()
    {
        await using var admin = new AdminHost(Limits, new FakeTimeProvider(DateTimeOffset.UtcNow));
        using var client = admin.ClientFrom(Attacker);
        await FailAsync(client, MaxFailures);

        using var login = await AdminSignIn.PostLoginAsync(client, TestSecrets.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, login.StatusCode);
        Assert.Contains("Too many attempts", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Window, login.Headers.RetryAfter?.Delta);
        Assert.False(SetsSessionCookie(login), "a locked-out address must not get a session");
        await AssertAnonymousAsync(client);
    }

    [Fact]
    public async Task AnotherAddressIsNotHeldBackByALockedOutOne()
    {
        await using var admin = new AdminHost(Limits, new FakeTimeProvider(DateTimeOffset.UtcNow));
        using var attacker = admin.ClientFrom(Attacker);
        await FailAsync(attacker, MaxFailures);
        using var someoneElse = admin.ClientFrom("198.51.100.20");

        using var login = await AdminSignIn.PostLoginAsync(someoneElse, TestSecrets.AdminPassword);

        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        Assert.True(SetsSessionCookie(login));
    }

    [Fact]
    public async Task ALockedOutAddressSignsInOnceItsWindowHasPassed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var admin = new AdminHost(Limits, clock);
        using var client = admin.ClientFrom(Attacker);
        await FailAsync(client, MaxFailures);
        using (var locked = await AdminSignIn.PostLoginAsync(client, TestSecrets.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        }

        clock.Advance(Window);
        using var login = await AdminSignIn.PostLoginAsync(client, TestSecrets.AdminPassword);

        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        Assert.True(SetsSessionCookie(login));
    }

    [Fact]
    public async Task ASuccessfulSignInDoesNotCountAsAnAttempt()
    {
        await using var admin = new AdminHost(Limits, new FakeTimeProvider(DateTimeOffset.UtcNow));
        using var client = admin.ClientFrom(Attacker);
        await FailAsync(client, MaxFailures - 1);
        using (var signedIn = await AdminSignIn.PostLoginAsync(client, TestSecrets.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        }

        using var lastWrong = await AdminSignIn.PostLoginAsync(admin.ClientFrom(Attacker), "still-not-the-password");

        Assert.Equal(HttpStatusCode.OK, lastWrong.StatusCode);
        Assert.Contains("not the admin", await lastWrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheAdminRefusesToStartWithLimitsThatAllowNoAttempt()
    {
        using var admin = new AdminHost(new Dictionary<string, string?> { ["Admin:SignIn:MaxFailures"] = "0" });

        var refusal = Assert.Throws<OptionsValidationException>(() => admin.CreateClient());

        Assert.Contains("MaxFailures", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnceTheTableIsFullWrongPasswordsFromNewAddressesAreThrottledTogether()
    {
        var throttle = FullThrottle(new FakeTimeProvider());

        var refused = NewAddresses(10).Select(address => throttle.Begin(address).IsRefused).ToList();

        Assert.Equal([.. Enumerable.Repeat(false, MaxFailures), .. Enumerable.Repeat(true, 10 - MaxFailures)], refused);
    }

    [Fact]
    public void AnAddressTrackedBeforeTheTableFilledKeepsItsOwnCount()
    {
        var throttle = FullThrottle(new FakeTimeProvider());
        UseUpTheSharedCount(throttle);

        var tracked = throttle.Begin(TrackedAddresses[0]);

        Assert.False(tracked.IsRefused);
        Assert.True(throttle.Begin(NewAddresses(1, from: 100)[0]).IsRefused, "the shared count of new addresses is still used up");
    }

    [Fact]
    public void AFullTableMakesRoomForNewAddressesWhenItsWindowsEnd()
    {
        var clock = new FakeTimeProvider();
        var throttle = FullThrottle(clock);
        UseUpTheSharedCount(throttle);

        clock.Advance(Window);
        var fresh = NewAddresses(2, from: 100);
        for (var i = 0; i < MaxFailures; i++)
        {
            Assert.False(throttle.Begin(fresh[0]).IsRefused);
        }

        Assert.True(throttle.Begin(fresh[0]).IsRefused);
        Assert.False(throttle.Begin(fresh[1]).IsRefused, "a new address has its own count again");
    }

    /// <summary>The addresses that fill the table of <see cref="FullThrottle"/>, one wrong password each.</summary>
    private static readonly IPAddress[] TrackedAddresses = [IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2")];

    /// <summary>A throttle that tracks only <see cref="TrackedAddresses"/>, which already hold all its places.</summary>
    private static FeatureAdmin.Security.SignInThrottle FullThrottle(TimeProvider clock)
    {
        var throttle = new FeatureAdmin.Security.SignInThrottle(Options.Create(new FeatureAdmin.Security.SignInLimits
        {
            MaxFailures = MaxFailures,
            Window = Window,
            MaxTrackedAddresses = TrackedAddresses.Length,
        }), clock);
        foreach (var address in TrackedAddresses)
        {
            Assert.False(throttle.Begin(address).IsRefused);
        }
        return throttle;
    }

    /// <summary>Wrong passwords from new addresses until the count they share is used up.</summary>
    private static void UseUpTheSharedCount(FeatureAdmin.Security.SignInThrottle throttle)
    {
        foreach (var address in NewAddresses(MaxFailures))
        {
            Assert.False(throttle.Begin(address).IsRefused);
        }
    }

    /// <summary><paramref name="count"/> addresses outside <see cref="TrackedAddresses"/>, numbered from <paramref name="from"/>.</summary>
    private static IPAddress[] NewAddresses(int count, int from = 1) =>
        [.. Enumerable.Range(from, count).Select(i => IPAddress.Parse($"198.51.100.{i}"))];

    [Theory]
    [InlineData("2001:db8:1:2::7", "2001:db8:1:2:ffff::9")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void AddressesOfOneHostShareTheirCount(string first, string second)
    {
        var throttle = new FeatureAdmin.Security.SignInThrottle(
            Options.Create(new FeatureAdmin.Security.SignInLimits { MaxFailures = 1 }), new FakeTimeProvider());

        Assert.False(throttle.Begin(IPAddress.Parse(first)).IsRefused);

        Assert.True(throttle.Begin(IPAddress.Parse(second)).IsRefused);
    }

    private static async Task FailAsync(HttpClient client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var login = await AdminSignIn.PostLoginAsync(client, $"wrong-guess-{i}");
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
    }

    private static bool SetsSessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(cookie => cookie.StartsWith($"{FeatureAdmin.Security.AdminSession.CookieName}=", StringComparison.Ordinal));

    /// <summary>A page still sends the client to the login page: no session came out of the refused sign-in.</summary>
    private static async Task AssertAnonymousAsync(HttpClient client)
    {
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Found, home.StatusCode);
        Assert.Equal("/login", home.Headers.Location?.AbsolutePath);
    }
}
