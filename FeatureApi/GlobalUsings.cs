global using FeatureApi.Apis;
global using FeatureApi.Extensions;
global using FeatureApi.Auth;
// The wire vocabulary is the client's, so FeatureApi and its callers share one definition of each enum and scope.
global using Aggregation = FeatureAspire.Client.Aggregation;
global using EntityKeyType = FeatureAspire.Client.EntityKeyType;
global using FeatureKind = FeatureAspire.Client.FeatureKind;
global using FeatureStatus = FeatureAspire.Client.FeatureStatus;
global using FeatureValueType = FeatureAspire.Client.FeatureValueType;
