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

// Example: a client service calling featureapi through FeatureAspire.Client on every request, to show its trace.
// Off unless asked for (--Samples:Enabled=true), so the product and its tests start without it.
if (bool.TryParse(builder.Configuration["Samples:Enabled"], out var samplesEnabled) && samplesEnabled)
{
    builder.AddProject<Projects.FeatureAspire_SampleRecommender>("sample-recommender")
        .WithReference(featureApi)
        .WaitFor(featureApi)
        .WithHttpHealthCheck("/health");
}

builder.Build().Run();
