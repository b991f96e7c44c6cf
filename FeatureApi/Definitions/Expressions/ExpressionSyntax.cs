namespace FeatureApi.Definitions.Expressions;

/// <summary>
/// A parsed expression before its inputs are known: what the parser builds in phase 1 and the compiler types and
/// binds in phase 2. <see cref="Position"/> is where an error about the node points: an operator for operations,
/// the first character otherwise.
/// </summary>
internal abstract record ExpressionSyntax(int Position)
{
    /// <summary>Where the node's text begins, for errors about a whole operand.</summary>
    public virtual int Start => Position;

    /// <summary>
    /// Operations on the longest path from this node down to a value: how deep every recursive walk of the tree goes
    /// (the compiler's, the allow-list's, the JIT's), bounded by the parser.
    /// </summary>
    public virtual int Height => 0;
}

internal sealed record NumberSyntax(int Position, double Value) : ExpressionSyntax(Position);

internal sealed record BoolSyntax(int Position, bool Value) : ExpressionSyntax(Position);

internal sealed record InputSyntax(int Position, string Name) : ExpressionSyntax(Position);

internal sealed record UnarySyntax(int Position, TokenKind Operator, ExpressionSyntax Operand) : ExpressionSyntax(Position)
{
    public override int Height { get; } = Operand.Height + 1;
}

internal sealed record BinarySyntax(int Position, TokenKind Operator, ExpressionSyntax Left, ExpressionSyntax Right) : ExpressionSyntax(Position)
{
    public override int Start => Left.Start;

    public override int Height { get; } = Math.Max(Left.Height, Right.Height) + 1;
}

/// <summary><c>Condition ? WhenTrue : WhenFalse</c>; <see cref="ExpressionSyntax.Position"/> is the '?'.</summary>
internal sealed record ConditionalSyntax(int Position, ExpressionSyntax Condition, ExpressionSyntax WhenTrue, int ColonPosition,
    ExpressionSyntax WhenFalse) : ExpressionSyntax(Position)
{
    public override int Start => Condition.Start;

    public override int Height { get; } = Math.Max(Condition.Height, Math.Max(WhenTrue.Height, WhenFalse.Height)) + 1;
}

internal sealed record CallSyntax(int Position, ExpressionFunctions.Function Function, IReadOnlyList<ExpressionSyntax> Arguments)
    : ExpressionSyntax(Position)
{
    public override int Height { get; } = Arguments.Max(a => a.Height) + 1;
}
