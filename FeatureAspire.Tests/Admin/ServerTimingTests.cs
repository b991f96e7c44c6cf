using FeatureAdmin.Probe;

namespace FeatureAspire.Tests.Admin;

public sealed class ServerTimingTests
{
    [Theory]
    [InlineData("app;dur=0.42", 0.42)]
    [InlineData("db;dur=3, app;dur=1.5", 1.5)]
    [InlineData("app;desc=\"pipeline\";dur=12", 12)]
    [InlineData("APP;DUR=\"7.25\"", 7.25)]
    public void ReadsTheAppDuration(string header, double expected)
    {
        Assert.True(ServerTiming.TryParseApp(header, out var ms));
        Assert.Equal(expected, ms, 1e-9);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(15, 0.0015)]
    [InlineData(12_345, 1.2345)]
    [InlineData(987_654_321, 98_765.4321)]
    public void ReadsWhatFeatureApiWrites(long ticks, double expected)
    {
        var header = FeatureApi.Pipeline.FeatureVectorsResult.ServerTiming(TimeSpan.FromTicks(ticks));

        Assert.True(ServerTiming.TryParseApp(header, out var ms), header);
        // To the microsecond: the header carries three decimals of a millisecond.
        Assert.Equal(Math.Floor(expected * 1000) / 1000, ms, 1e-9);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("db;dur=3")]
    [InlineData("app")]
    [InlineData("app;dur=abc")]
    [InlineData("app;dur=-1")]
    [InlineData("app;dur=NaN")]
    public void ToleratesAbsentOrMalformedHeaders(string? header)
    {
        Assert.False(ServerTiming.TryParseApp(header, out _));
    }
}
