namespace FeatureApi.Definitions.Expressions;

/// <summary>
/// What an input or a result of an expression holds. Rows carry only doubles, so a bool travels as 1.0 (true) or 0.0
/// (false) and is read back as <c>value != 0</c>.
/// </summary>
internal enum ValueKind
{
    Number,
    Bool,
}
