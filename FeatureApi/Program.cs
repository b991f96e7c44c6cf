using Scalar.AspNetCore;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddGrpcServing();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer<ApiKeyOpenApi>());

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseApiKeys();

// The API's description is for developers: outside Development it is not served at all.
if (app.Environment.IsDevelopment())
{
    app.MapOpenApi();
    app.MapScalarApiReference();
}
app.MapDefaultEndpoints();

app.MapFeaturesApi();
app.MapUsersApi();
app.MapEntitiesApi();
app.MapRegistryApi();
app.MapEventsApi();
app.MapStoreApi();
app.MapGrpcServing();
app.MapBenchmarkEndpoints();

app.Run();
