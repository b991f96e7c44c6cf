using System.Linq.Expressions;

namespace FeatureApi.Definitions.Expressions;

/// <summary>
/// The second wall of the sandbox: before a tree is compiled, every node must be one of the few the language
/// means: double and bool constants, reads <c>row[constant]</c>, arithmetic, comparisons, <c>&amp;&amp; || !</c>,
/// <c>?:</c> and calls of <see cref="ExpressionFunctions"/>. The parser cannot produce anything else, so a refusal
/// here is a bug in this folder, not a user's error, and throws.
/// </summary>
internal sealed class ExpressionAllowList : ExpressionVisitor
{
    private readonly ParameterExpression row;

    private ExpressionAllowList(ParameterExpression row) => this.row = row;

    public static void Verify(Expression<Func<double[], double>> lambda) => new ExpressionAllowList(lambda.Parameters[0]).Visit(lambda.Body);

    public override Expression? Visit(Expression? node) => node switch
    {
        null => null,
        ConstantExpression { Value: double or bool } => node,
        BinaryExpression { NodeType: ExpressionType.ArrayIndex, Right: ConstantExpression { Value: int } } index when index.Left == row => node,
        BinaryExpression { Method: null } binary when IsAllowed(binary.NodeType) && IsScalar(binary.Left.Type) && IsScalar(binary.Right.Type) =>
            base.Visit(node),
        UnaryExpression { NodeType: ExpressionType.Negate or ExpressionType.Not, Method: null } unary when IsScalar(unary.Operand.Type) =>
            base.Visit(node),
        ConditionalExpression conditional when IsScalar(conditional.Type) => base.Visit(node),
        MethodCallExpression { Object: null } call when ExpressionFunctions.IsAllowed(call.Method) => base.Visit(node),
        _ => throw new InvalidOperationException($"Expression node {node.NodeType} ({node}) is outside the expression language's allow-list."),
    };

    private static bool IsScalar(Type type) => type == typeof(double) || type == typeof(bool);

    private static bool IsAllowed(ExpressionType type) => type is ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply
        or ExpressionType.Divide or ExpressionType.Modulo or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
        or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.Equal or ExpressionType.NotEqual
        or ExpressionType.AndAlso or ExpressionType.OrElse;
}
