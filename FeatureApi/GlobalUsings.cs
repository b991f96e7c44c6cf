global using FeatureApi.Apis;
global using FeatureApi.Extensions;
global using FeatureApi.Auth;
