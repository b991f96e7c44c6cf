namespace FeatureAspire.AppHost.Services;

/// <summary>
/// FeatureApi's gRPC endpoint, named <c>grpc</c>: cleartext HTTP/2, which Kestrel serves only on an endpoint whose
/// Protocols is Http2 (a cleartext Http1AndHttp2 endpoint answers HTTP/1.1 only), so JSON and gRPC listen on two
/// endpoints. Kestrel takes an endpoint's Protocols only from its own configuration, and endpoints there replace
/// ASPNETCORE_URLS, so both are handed over as <c>Kestrel:Endpoints:http</c> and <c>Kestrel:Endpoints:grpc</c> (what a
/// standalone FeatureApi is given) instead of ASPNETCORE_URLS. Callers that reference the project get
/// <c>services__featureapi__grpc__0</c> for service discovery (<c>http://_grpc.featureapi</c>).
/// </summary>
public static class GrpcEndpointExtensions
{
    public const string EndpointName = "grpc";

    /// <summary>Beside the http endpoint's 5180, where the samples and the README look for it; the proxy spreads it over the replicas.</summary>
    public const int Port = 5181;

    public static IResourceBuilder<ProjectResource> WithGrpcEndpoint(this IResourceBuilder<ProjectResource> project)
    {
        project.WithHttpEndpoint(port: Port, name: EndpointName).WithEndpoint(EndpointName, endpoint => endpoint.Transport = "http2");
        var http = project.GetEndpoint("http");
        var grpc = project.GetEndpoint(EndpointName);
        return project.WithEnvironment(context =>
        {
            // Each replica's own ports, as ASPNETCORE_URLS would have named them; a deployment listens on every interface.
            var host = context.ExecutionContext.IsRunMode ? "localhost" : "*";
            context.EnvironmentVariables.Remove("ASPNETCORE_URLS");
            context.EnvironmentVariables.Remove("HTTP_PORTS");
            context.EnvironmentVariables["Kestrel__Endpoints__http__Url"] = ReferenceExpression.Create($"http://{host}:{http.Property(EndpointProperty.TargetPort)}");
            context.EnvironmentVariables[$"Kestrel__Endpoints__{EndpointName}__Url"] =
                ReferenceExpression.Create($"http://{host}:{grpc.Property(EndpointProperty.TargetPort)}");
            context.EnvironmentVariables[$"Kestrel__Endpoints__{EndpointName}__Protocols"] = "Http2";
        });
    }
}
