using Scalar.AspNetCore;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}
app.MapDefaultEndpoints();

app.MapFeaturesApi();
app.MapUsersApi();
app.MapEventsApi();
app.MapStoreApi();
app.MapBenchmarkEndpoints();

app.Run();
