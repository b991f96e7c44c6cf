namespace FeatureAdmin.Api;

/// <summary>How Try it sends its extract: over featureapi's JSON endpoint, its gRPC one, or the same request over each.</summary>
public enum ExtractTransport
{
    /// <summary><c>POST /api/features/extract</c> through <see cref="FeatureAspire.Client.FeatureApiClient"/>.</summary>
    Json,

    /// <summary><c>featureaspire.v1.FeatureService/Extract</c> through <see cref="FeatureAspire.Client.FeatureApiGrpcClient"/>.</summary>
    Grpc,

    /// <summary>The same request over JSON, then over gRPC, and the two answers compared.</summary>
    Both,
}

public static class ExtractTransports
{
    /// <summary>The transport as a person names it.</summary>
    public static string Label(this ExtractTransport transport) => transport switch
    {
        ExtractTransport.Json => "HTTP/JSON",
        ExtractTransport.Grpc => "gRPC",
        _ => "HTTP/JSON and gRPC",
    };

    /// <summary>Where the extract goes over <paramref name="transport"/>.</summary>
    public static string Call(this ExtractTransport transport) => transport switch
    {
        ExtractTransport.Json => "POST /api/features/extract",
        ExtractTransport.Grpc => $"{FeatureAspire.Client.FeatureApiGrpcClient.ServiceName}/Extract (these fields as a protobuf message)",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "Both is two calls."),
    };

    /// <summary>The single transports <paramref name="transport"/> sends over, JSON first.</summary>
    public static IReadOnlyList<ExtractTransport> Sends(this ExtractTransport transport) =>
        transport == ExtractTransport.Both ? [ExtractTransport.Json, ExtractTransport.Grpc] : [transport];
}
