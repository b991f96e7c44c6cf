using FeatureAspire.SampleRecommender.Apis;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
// The one line a client service needs: featureapi found by service discovery, key from FeatureApi:ApiKey.
builder.AddFeatureApiClient("featureapi");
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, RecommendationJsonContext.Default));

var app = builder.Build();

app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapRecommendApi();

app.Run();
