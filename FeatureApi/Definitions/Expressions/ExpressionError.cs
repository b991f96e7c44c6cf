namespace FeatureApi.Definitions.Expressions;

/// <summary>
/// Why an expression was refused: <paramref name="Position"/> is the 0-based index in its text where the problem is,
/// so the registry can say <c>features[4].expression: unknown input 'user_ag' at 3</c>.
/// </summary>
internal sealed record ExpressionError(int Position, string Message)
{
    public override string ToString() => $"{Message} at {Position}";
}
