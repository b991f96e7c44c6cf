using System.Text.Json;
using FeatureAdmin.Probe;

namespace FeatureAspire.Tests.Admin;

public sealed class ProbeRequestFactoryTests
{
    [Fact]
    public void SingleRequestsNameAUserInTheRange()
    {
        var factory = new ProbeRequestFactory(new ProbeSettings { FirstUserId = 10, LastUserId = 20, CurrentValue = 120 }, workerIndex: 0);

        for (var i = 0; i < 200; i++)
        {
            var request = factory.Next();
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal(ProbeRequestFactory.SinglePath, request.Path);
            Assert.InRange(body.RootElement.GetProperty("userId").GetInt64(), 10, 20);
            Assert.Equal(120, body.RootElement.GetProperty("currentValue").GetDouble());
        }
    }

    [Fact]
    public void BatchRequestsCarryBatchSizeExtracts()
    {
        var factory = new ProbeRequestFactory(new ProbeSettings { Mode = ProbeMode.Batch, BatchSize = 25 }, workerIndex: 1);

        var request = factory.Next();

        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(ProbeRequestFactory.BatchPath, request.Path);
        Assert.Equal(25, body.RootElement.GetProperty("requests").GetArrayLength());
        Assert.Equal(25, request.Users);
    }

    [Fact]
    public void UnknownShareIsApproximatelyHonouredWithIdsOutsideTheSeededRange()
    {
        var factory = new ProbeRequestFactory(new ProbeSettings { FirstUserId = 1, LastUserId = 1_000, UnknownShare = 0.25 }, workerIndex: 0);

        var unknown = Enumerable.Range(0, 10_000).Select(_ => factory.NextUserId()).Count(id => id > 1_000);

        Assert.InRange(unknown, 2_200, 2_800);
    }

    [Fact]
    public void EachRequestOwnsItsBody()
    {
        var factory = new ProbeRequestFactory(new ProbeSettings { FirstUserId = 1, LastUserId = 1_000_000 }, workerIndex: 0);

        var first = factory.Next();
        var firstText = System.Text.Encoding.UTF8.GetString(first.Body.Span);
        factory.Next();

        Assert.Equal(firstText, System.Text.Encoding.UTF8.GetString(first.Body.Span));
    }
}
