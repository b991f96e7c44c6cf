var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: redis-server, embedded Garnet, a container or an external server, always named "redis".
var redis = builder.AddFeatureStore("redis");

// Services
var featureApi = builder.AddProject<Projects.FeatureApi>("featureapi")
    .WithReference(redis)
    .WaitFor(redis)
    .WithHttpHealthCheck("/health");

// Apps
builder.AddProject<Projects.FeatureAdmin>("featureadmin")
    .WithReference(featureApi)
    .WaitFor(featureApi)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
