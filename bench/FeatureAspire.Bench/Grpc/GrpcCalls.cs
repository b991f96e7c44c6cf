using System.Buffers.Binary;
using FeatureAspire.Bench.Http;
using FeatureAspire.Serving.V1;
using Google.Protobuf;
using Grpc.Core;

namespace FeatureAspire.Bench.Grpc;

/// <summary>
/// What the gRPC scenarios send: single extracts of known users in FeatureService's messages, the same requests as
/// the JSON extract's seed shape (a user and a current value, the default set), prebuilt so building a message never
/// shows up in a latency; and the metadata every call carries (the bench's API key).
/// </summary>
internal sealed class GrpcCalls
{
    public const string ExtractMethod = "/featureaspire.v1.FeatureService/Extract";
    public const string ConstantMethod = "/featureaspire.bench.v1.BenchService/Constant";

    private readonly ExtractRequest[] requests;

    private GrpcCalls(ExtractRequest[] requests) => this.requests = requests;

    /// <summary>The <c>x-api-key</c> entry, FeatureService's name for the JSON API's X-API-Key header.</summary>
    public static Metadata Headers { get; } = new() { { BenchApiKey.Header.ToLowerInvariant(), BenchApiKey.Value } };

    public ExtractRequest this[long index] => requests[index % requests.Length];

    /// <summary>Extracts of users drawn from 1..<paramref name="users"/>, 4,096 different ones, as the JSON extract cycles through.</summary>
    public static GrpcCalls Extract(long users, int seed = 7)
    {
        var random = new Random(seed);
        return new GrpcCalls([.. Enumerable.Range(0, 4096).Select(_ => Of(random.NextInt64(1, users + 1), random.Next(1, 50_000) / 100.0))]);
    }

    /// <summary>One extract: user <paramref name="user"/>, <c>current_value</c>, the default set.</summary>
    public static ExtractRequest Of(long user, double currentValue) => new()
    {
        Entities = { ["user"] = new EntityKey { IntKey = user } },
        Request = { ["current_value"] = currentValue },
    };

    /// <summary>
    /// A message as a gRPC frame on the wire, for h2load's <c>-d</c>: a flag byte (0, uncompressed), the length as 4
    /// big-endian bytes, then the protobuf bytes.
    /// </summary>
    public static byte[] Framed(IMessage message)
    {
        var body = message.ToByteArray();
        var frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)body.Length);
        body.CopyTo(frame, 5);
        return frame;
    }
}
