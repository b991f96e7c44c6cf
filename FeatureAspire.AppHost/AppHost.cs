using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// Secrets, generated on first run and kept in user secrets; the dashboard lists them under Parameters.
var featureAdminApiKey = builder.AddGeneratedSecret("featureadmin-api-key");
var developerApiKey = builder.AddGeneratedSecret("developer-api-key");
var adminPassword = builder.AddGeneratedSecret("admin-password");

// Infrastructure: redis-server, embedded Garnet, a container or an external server, always named "redis".
var redis = builder.AddFeatureStore("redis");

// Services
var featureApi = builder.AddProject<Projects.FeatureApi>("featureapi")
    .WithReference(redis)
    .WaitFor(redis)
    .WithApiKey("featureadmin", featureAdminApiKey, ApiScopes.All)
    .WithApiKey("developer", developerApiKey, ApiScopes.All)
    .WithHttpHealthCheck("/health")
    .WithGrpcEndpoint()
    // FeatureApi:Replicas: FeatureApi is stateless (its cache is invalidated across replicas through the store), so
    // it scales out as N identical processes behind the endpoint's proxy.
    .WithReplicas(builder.Configuration.GetValue("FeatureApi:Replicas", 1));

// Apps
builder.AddProject<Projects.FeatureAdmin>("featureadmin")
    .WithReference(featureApi)
    .WaitFor(featureApi)
    .WithReplicaEndpoints(featureApi)
    .WithFeatureApiKey(featureAdminApiKey)
    .WithAdminPassword(adminPassword)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

// Example: a client service calling featureapi through FeatureAspire.Client on every request, to show its trace.
// Off unless asked for (--Samples:Enabled=true), so the product and its tests start without it.
if (builder.Configuration.GetValue<bool>("Samples:Enabled"))
{
    var sampleApiKey = builder.AddGeneratedSecret("sample-api-key");
    featureApi.WithApiKey("sample", sampleApiKey, ApiScopes.Read);

    builder.AddProject<Projects.FeatureAspire_SampleRecommender>("sample-recommender")
        .WithReference(featureApi)
        .WaitFor(featureApi)
        .WithFeatureApiKey(sampleApiKey)
        .WithHttpHealthCheck("/health");
}

builder.Build().Run();
