namespace FeatureApi.Pipeline;

/// <summary>One validated extract request: the user and the request-time values.</summary>
public readonly record struct ExtractionInput(long UserId, double CurrentValue);
