namespace FeatureApi.Definitions.Expressions;

/// <summary>A name an expression may read, as the registry resolves it: its slot in the row and what it holds.</summary>
internal sealed record ExpressionInput(string Name, int Slot, ValueKind Kind);
