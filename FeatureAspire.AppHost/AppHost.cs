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
    .WithHttpHealthCheck("/health")
    // FeatureApi:Replicas: FeatureApi is stateless (its cache is invalidated across replicas through the store), so
    // it scales out as N identical processes behind the endpoint's proxy.
    .WithReplicas(int.Parse(builder.Configuration["FeatureApi:Replicas"] ?? "1", System.Globalization.CultureInfo.InvariantCulture));

// Apps
builder.AddProject<Projects.FeatureAdmin>("featureadmin")
    .WithReference(featureApi)
    .WaitFor(featureApi)
    .WithFeatureApiKey(featureAdminApiKey)
    .WithAdminPassword(adminPassword)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
