using FeatureApi.Store;

namespace FeatureAspire.Tests.Store;

/// <summary>
/// Events with ids reach the store in waves of at most <see cref="LiveEventWriter.MaxEventsPerWave"/> events, each
/// awaited before the next is sent, so an extract sharing FeatureApi's connection never queues behind all of them.
/// </summary>
public sealed class EventWaveTests
{
    [Fact]
    public void TenThousandEventsOfOneUserGoOutEightFullScriptsAtATime()
    {
        int[] scripts = [.. Enumerable.Repeat(LiveEventWriter.MaxEventsPerScript, 312), 16];

        var ends = Waves(scripts);

        var sizes = ends.Zip(ends.Prepend(0), (end, start) => end - start).ToList();
        Assert.Equal([.. Enumerable.Repeat(8, 39), 1], sizes);
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(3, 1000)]
    [InlineData(32, 40)]
    [InlineData(7, 1)]
    public void NoWaveCarriesMoreEventsThanTheBoundAndEveryScriptIsSentOnce(int eventsPerScript, int scriptCount)
    {
        var scripts = Enumerable.Repeat(eventsPerScript, scriptCount).ToArray();

        var ends = Waves(scripts);

        var start = 0;
        foreach (var end in ends)
        {
            Assert.True(end > start, "A wave sends at least one script.");
            Assert.InRange(scripts[start..end].Sum(), 1, LiveEventWriter.MaxEventsPerWave);
            start = end;
        }
        Assert.Equal(scriptCount, start);
    }

    private static List<int> Waves(int[] scripts)
    {
        var ends = new List<int>();
        for (var start = 0; start < scripts.Length; start = ends[^1])
        {
            ends.Add(LiveEventWriter.WaveEnd(scripts, start));
        }
        return ends;
    }
}
