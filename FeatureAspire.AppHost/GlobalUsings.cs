global using FeatureAspire.AppHost.Secrets;
global using FeatureAspire.AppHost.Services;
global using FeatureAspire.AppHost.Store;
