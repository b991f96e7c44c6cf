using FeatureAdmin.Probe;
using FeatureAdmin.Seeding;
using FeatureAspire.Client;

namespace FeatureAspire.Tests.Admin;

/// <summary>A probe or a seeding run cannot ask more of featureapi than the admin's limits allow.</summary>
public sealed class ProbeLimitsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void TheDefaultsAre64Connections5MinutesAndAMillionRequests()
    {
        Assert.Equal(64, ProbeLimits.Default.MaxConcurrency);
        Assert.Equal(TimeSpan.FromMinutes(5), ProbeLimits.Default.MaxDuration);
        Assert.Equal(1_000_000, ProbeLimits.Default.MaxRequests);
    }

    [Theory]
    [InlineData(65, ProbeStop.Count, 1_000, 10, "Concurrency must be between 1 and 64.")]
    [InlineData(8, ProbeStop.Count, 1_000_001, 10, "Total requests must be between 1 and 1,000,000.")]
    [InlineData(8, ProbeStop.Duration, 1_000, 301, "Duration must be more than 0 and at most 300 seconds.")]
    public void SettingsBeyondTheLimitsAreRefusedWithTheLimitNamed(int concurrency, ProbeStop stop, int total, double seconds, string problem)
    {
        var settings = new ProbeSettings { Concurrency = concurrency, Stop = stop, TotalRequests = total, DurationSeconds = seconds };

        Assert.Equal(new[] { problem }, settings.Validate(ProbeLimits.Default));
    }

    [Fact]
    public void SettingsAtTheLimitsRun()
    {
        var settings = new ProbeSettings { Concurrency = 64, TotalRequests = 1_000_000 };

        Assert.Empty(settings.Validate(ProbeLimits.Default));
        Assert.Empty((settings with { Stop = ProbeStop.Duration, DurationSeconds = 300 }).Validate(ProbeLimits.Default));
    }

    [Fact]
    public async Task ARunForATimeStillEndsAtTheMostRequestsAllowed()
    {
        var limits = new ProbeLimits { MaxRequests = 250 };
        var target = new FakeProbeTarget(TimeSpan.Zero);
        var settings = new ProbeSettings { Stop = ProbeStop.Duration, DurationSeconds = 60, Concurrency = 4 };

        var result = await new ProbeRunner(target, TimeProvider.System, limits).RunAsync(settings, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(250, target.Requests.Count);
        Assert.Equal(250, result.Count);
    }

    [Fact]
    public async Task ARunForANumberOfRequestsStillEndsAtTheLongestTimeAllowed()
    {
        // 1,000 requests at 10/s would take 100 s; the limit ends the run after the 1 s's worth that is due.
        var limits = new ProbeLimits { MaxDuration = TimeSpan.FromSeconds(1) };
        var target = new FakeProbeTarget(TimeSpan.Zero);
        var settings = new ProbeSettings { TotalRequests = 1_000, Concurrency = 2, TargetRate = 10 };

        var result = await new ProbeRunner(target, TimeProvider.System, limits).RunAsync(settings, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.InRange(result.Count, 1, 10);
        Assert.Equal(result.Count, target.Requests.Count);
    }

    [Fact]
    public void AnAdminRunsOneProbeAtATime()
    {
        var gate = new ProbeRunGate();

        using (var first = gate.TryEnter("admin"))
        {
            Assert.NotNull(first);
            Assert.Null(gate.TryEnter("admin"));
            using var someoneElse = gate.TryEnter("other");
            Assert.NotNull(someoneElse);
        }

        using var again = gate.TryEnter("admin");
        Assert.NotNull(again);
    }

    [Fact]
    public void TheSeederWritesAtMostTenMillionUsersPerRun()
    {
        var settings = new SeedSettings { Count = 10_000_001, Ranges = [FeatureRange.For("user_age", FeatureValueType.Int)] };

        Assert.Equal(new[] { "Users must be between 1 and 10,000,000 per run." }, settings.Validate());
        settings.Count = 10_000_000;
        Assert.Empty(settings.Validate());
    }
}
