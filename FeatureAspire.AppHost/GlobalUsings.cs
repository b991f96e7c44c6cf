global using FeatureAspire.AppHost.Store;
