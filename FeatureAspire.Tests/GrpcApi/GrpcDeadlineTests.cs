using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using FeatureAspire.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using Rpc = FeatureAspire.Serving.V1;

namespace FeatureAspire.Tests.GrpcApi;

/// <summary>
/// The JSON API's deadline semantics over gRPC, against a frozen redis-server (SIGSTOP: connected, silent): FeatureApi's
/// own deadline gives a degraded answer, never DEADLINE_EXCEEDED; a caller's shorter deadline ends the call by itself.
/// </summary>
public sealed class GrpcDeadlineTests
{
    [RequiresRedisServerFact]
    public async Task AFrozenStoreGivesADegradedAnswerWithinOurDeadlineNotDeadlineExceeded()
    {
        await using var store = RedisServerProcess.Start();
        await using var host = new GrpcApiHost(store, new Dictionary<string, string?>
        {
            ["FeatureServing:Deadline"] = "00:00:00.050",
            ["FeatureServing:BatchDeadline"] = "00:00:00.100",
            // The near cache would answer the user seeded below without asking the frozen store.
            ["FeatureServing:CacheTtl"] = "00:00:00",
        });
        var userId = ApiFixture.NewUserId();
        await host.Http.SeedAsync(userId, new { user_age = 44 });
        var api = host.Client();
        Assert.Equal(44, (await api.ExtractAsync(Request(userId))).Features["user_age"]);

        store.Freeze();
        try
        {
            // The caller allows far more than FeatureApi's 50 ms: the answer is FeatureApi's, degraded.
            var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
            var vector = await api.ExtractAsync(Request(userId), options);
            var batch = await api.ExtractBatchAsync(new Rpc.ExtractBatchRequest
            {
                Requests = { new Rpc.ExtractBatchItem { Entities = { ["user"] = Key(userId) }, Request = { ["current_value"] = 120 } } },
                Features = { "user_age", "f_normalized_value" },
            }, options);

            Assert.True(vector.Degraded);
            Assert.Equal(Rpc.FeatureStatus.Unavailable, vector.Status["user_age"]);
            Assert.Equal(30, vector.Features["user_age"]);
            Assert.Equal(Rpc.FeatureStatus.Present, vector.Status["f_normalized_value"]);
            Assert.True(batch.Results.Single().Degraded);
            Assert.Equal(1.2, batch.Results.Single().Features["f_normalized_value"]);
        }
        finally
        {
            store.Thaw();
        }
    }

    [RequiresRedisServerFact]
    public async Task ACallersDeadlineShorterThanOursEndsTheCallByTheCallersDeadline()
    {
        await using var store = RedisServerProcess.Start();
        // FeatureApi would wait up to 20 s for the store; the caller allows 300 ms.
        await using var host = new GrpcApiHost(store, new Dictionary<string, string?> { ["FeatureServing:Deadline"] = "00:00:20" });
        var userId = ApiFixture.NewUserId();
        await host.Http.SeedAsync(userId, new { user_age = 44 });

        store.Freeze();
        try
        {
            // Sent without a gRPC client, whose own timer would end the call client-side: the status read here is
            // the one FeatureApi sends when the caller's grpc-timeout passes.
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.GrpcAddress, "/featureaspire.v1.FeatureService/Extract"))
            {
                Content = new ByteArrayContent(Frame(Request(userId))),
                // Cleartext HTTP/2 with prior knowledge, as gRPC clients speak it.
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            request.Headers.TryAddWithoutValidation("te", "trailers");
            request.Headers.TryAddWithoutValidation("grpc-timeout", "300m");
            request.Headers.TryAddWithoutValidation("x-api-key", FeatureApiHost.TestKey);

            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsByteArrayAsync();
            watch.Stop();

            var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
                : response.Headers.GetValues("grpc-status").Single();
            Assert.Equal(((int)StatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture), status);
            // Not a speed bound: FeatureApi's own deadline (20 s) would have answered degraded instead.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"The call ended after {watch.Elapsed.TotalSeconds:F1} s.");
        }
        finally
        {
            store.Thaw();
        }
    }

    private static Rpc.EntityKey Key(long userId) => new() { IntKey = userId };

    private static Rpc.ExtractRequest Request(long userId) => new()
    {
        Entities = { ["user"] = Key(userId) },
        Request = { ["current_value"] = 120 },
        Features = { "user_age", "f_normalized_value" },
    };

    /// <summary>A gRPC message on the wire: a flag byte (not compressed), its length big-endian, the message.</summary>
    private static byte[] Frame(IMessage message)
    {
        var body = message.ToByteArray();
        var frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), body.Length);
        body.CopyTo(frame, 5);
        return frame;
    }
}
