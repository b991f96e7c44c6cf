using System.Net;
using System.Net.Http.Json;
using FeatureApi.Auth;
using FeatureAspire.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeatureAspire.Tests.Api;

/// <summary>
/// Requests without a valid key are limited per client address: past the limit an address is answered 429 before its
/// key is compared, and while the table of addresses is full, new addresses share one bucket.
/// </summary>
public sealed class FailedAuthenticationTests(GarnetStoreFixture garnet) : IClassFixture<GarnetStoreFixture>
{
    [Fact]
    public async Task AnAddressPastItsFailedAuthenticationsIsRefusedBeforeItsKeyIsCompared()
    {
        await using var host = new FeatureApiHost(garnet.Store, new Dictionary<string, string?>
        {
            ["RateLimits:FailedAuthentication:Permits"] = "1",
            ["RateLimits:FailedAuthentication:Period"] = "00:01:00",
            ["RateLimits:FailedAuthentication:Burst"] = "3",
        });
        using var guesser = host.CreateClient("not-a-key-0123456789");
        using var valid = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await guesser.GetAsync("/api/users/count");
            statuses.Add(response.StatusCode);
        }
        // The same address with the right key: refused without its key being looked at.
        using var afterwards = await valid.GetAsync("/api/users/count");
        using var health = await valid.GetAsync("/health");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        ProblemAssertions.AssertProblem(afterwards, HttpStatusCode.TooManyRequests, "from an address past its failed authentications");
        Assert.True(afterwards.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After is missing.");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task AValidKeyIsNeverCountedAsAFailure()
    {
        await using var host = new FeatureApiHost(garnet.Store, new Dictionary<string, string?>
        {
            ["RateLimits:FailedAuthentication:Permits"] = "1",
            ["RateLimits:FailedAuthentication:Period"] = "00:01:00",
            ["RateLimits:FailedAuthentication:Burst"] = "1",
        });
        using var valid = host.CreateClient();

        for (var i = 0; i < 20; i++)
        {
            using var response = await valid.GetAsync("/api/users/count");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public void WhileTheTableIsFullNewAddressesShareOneBucket()
    {
        using var throttle = Throttle(maxTrackedAddresses: 2, burst: 3);
        var tracked = IPAddress.Parse("10.0.0.1");
        Assert.True(throttle.TryCountFailure(tracked, out _));
        Assert.True(throttle.TryCountFailure(IPAddress.Parse("10.0.0.2"), out _));

        // The table is full: ten more addresses, one failure each, draw on one shared bucket of three.
        var counted = Enumerable.Range(3, 10).Count(i => throttle.TryCountFailure(IPAddress.Parse($"10.0.0.{i}"), out _));

        Assert.Equal(3, counted);
        // An address with its own bucket keeps it.
        Assert.True(throttle.TryCountFailure(tracked, out _));
    }

    [Fact]
    public void AnAddressIsRefusedOnlyOnceItsOwnBucketIsEmpty()
    {
        using var throttle = Throttle(maxTrackedAddresses: 10, burst: 2);
        var guesser = IPAddress.Parse("2001:db8::1");

        Assert.False(throttle.IsRefused(guesser, out _));
        throttle.TryCountFailure(guesser, out _);
        Assert.False(throttle.IsRefused(guesser, out _));
        throttle.TryCountFailure(guesser, out _);

        Assert.True(throttle.IsRefused(guesser, out var retryAfter));
        Assert.True(retryAfter > TimeSpan.Zero);
        // Another host of the same /64 is the same guesser; another /64 is not.
        Assert.True(throttle.IsRefused(IPAddress.Parse("2001:db8::2"), out _));
        Assert.False(throttle.IsRefused(IPAddress.Parse("2001:db8:0:1::1"), out _));
    }

    private static FailedAuthenticationThrottle Throttle(int maxTrackedAddresses, int burst) =>
        new(Options.Create(new RateLimitOptions
        {
            FailedAuthentication = new TokenBucketSettings { Permits = 1, Period = TimeSpan.FromHours(1), Burst = burst },
            MaxTrackedAddresses = maxTrackedAddresses,
        }), new FakeTimeProvider());
}
