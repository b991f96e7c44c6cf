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
    .WithApiKey("featureadmin", featureAdminApiKey, ApiScopes.ReadWrite)
    .WithApiKey("developer", developerApiKey, ApiScopes.ReadWrite)
    .WithHttpHealthCheck("/health");

// Apps
builder.AddProject<Projects.FeatureAdmin>("featureadmin")
    .WithReference(featureApi)
    .WaitFor(featureApi)
    .WithFeatureApiKey(featureAdminApiKey)
    .WithAdminPassword(adminPassword)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
