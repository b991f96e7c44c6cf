global using FeatureApi.Apis;
global using FeatureApi.Extensions;
