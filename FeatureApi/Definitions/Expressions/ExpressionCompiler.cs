using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;

namespace FeatureApi.Definitions.Expressions;

/// <summary>
/// Phase 2: types the syntax against the registry's inputs and builds the tree of a <c>Func&lt;double[], double&gt;</c>
/// that reads each input as <c>row[slot]</c> (a bool input as <c>row[slot] != 0</c>). Every node is one C# itself
/// emits for the same formula over doubles (the IL add, mul, div, rem, neg, comparisons and the same
/// <see cref="Math"/> calls), so results are bit-identical to the formula written as a C# lambda.
/// </summary>
internal sealed class ExpressionCompiler
{
    private readonly ParameterExpression row = Expression.Parameter(typeof(double[]), "row");
    private readonly Func<string, ExpressionInput?> resolve;
    private ExpressionError? error;

    private ExpressionCompiler(Func<string, ExpressionInput?> resolve) => this.resolve = resolve;

    private readonly record struct Typed(Expression Expression, ValueKind Kind);

    /// <summary>The lambda computing <paramref name="root"/>, a bool result as 1.0 or 0.0.</summary>
    public static bool TryBuild(ExpressionSyntax root, Func<string, ExpressionInput?> resolve,
        [NotNullWhen(true)] out Expression<Func<double[], double>>? lambda, out ValueKind resultKind, [NotNullWhen(false)] out ExpressionError? error)
    {
        var compiler = new ExpressionCompiler(resolve);
        var body = compiler.Visit(root);
        lambda = null;
        resultKind = body?.Kind ?? default;
        if (body is not { } typed)
        {
            error = compiler.error ?? throw new UnreachableException("A failed compilation records its error.");
            return false;
        }
        error = null;
        var value = typed.Kind == ValueKind.Bool
            ? Expression.Condition(typed.Expression, Expression.Constant(1.0), Expression.Constant(0.0))
            : typed.Expression;
        lambda = Expression.Lambda<Func<double[], double>>(value, compiler.row);
        return true;
    }

    private Typed? Visit(ExpressionSyntax node) => node switch
    {
        NumberSyntax number => new Typed(Expression.Constant(number.Value), ValueKind.Number),
        BoolSyntax boolean => new Typed(Expression.Constant(boolean.Value), ValueKind.Bool),
        InputSyntax input => Input(input),
        UnarySyntax unary => Unary(unary),
        BinarySyntax binary => Binary(binary),
        ConditionalSyntax conditional => Conditional(conditional),
        CallSyntax call => Call(call),
        _ => throw new UnreachableException($"No compilation for {node.GetType().Name}."),
    };

    private Typed? Input(InputSyntax node)
    {
        if (resolve(node.Name) is not { } input)
        {
            return Fail(node.Position, $"unknown input '{node.Name}'");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(input.Slot, $"slot of input '{input.Name}'");
        var read = Expression.ArrayIndex(row, Expression.Constant(input.Slot));
        return input.Kind == ValueKind.Bool
            ? new Typed(Expression.NotEqual(read, Expression.Constant(0.0)), ValueKind.Bool)
            : new Typed(read, ValueKind.Number);
    }

    private Typed? Unary(UnarySyntax node)
    {
        if (Visit(node.Operand) is not { } operand)
        {
            return null;
        }
        var negate = node.Operator == TokenKind.Minus;
        var needs = negate ? ValueKind.Number : ValueKind.Bool;
        if (operand.Kind != needs)
        {
            return Fail(node.Position, $"'{Symbol(node.Operator)}' needs a {Name(needs)}, but its operand is a {Name(operand.Kind)}");
        }
        return new Typed(negate ? Expression.Negate(operand.Expression) : Expression.Not(operand.Expression), needs);
    }

    private Typed? Binary(BinarySyntax node)
    {
        if (Visit(node.Left) is not { } left || Visit(node.Right) is not { } right)
        {
            return null;
        }
        var (type, operands, result) = Operation(node.Operator);
        var symbol = Symbol(node.Operator);
        if (operands is not { } needs)
        {
            // == and != compare two values of the same kind, as C# compares two doubles or two bools.
            if (left.Kind != right.Kind)
            {
                return Fail(node.Position, $"'{symbol}' compares two numbers or two bools, not a {Name(left.Kind)} with a {Name(right.Kind)}");
            }
        }
        else if (left.Kind != needs || right.Kind != needs)
        {
            var (side, kind) = left.Kind != needs ? ("left", left.Kind) : ("right", right.Kind);
            return Fail(node.Position, $"'{symbol}' needs {Name(needs)}s, but its {side} operand is a {Name(kind)}");
        }
        return new Typed(Expression.MakeBinary(type, left.Expression, right.Expression), result);
    }

    private Typed? Conditional(ConditionalSyntax node)
    {
        if (Visit(node.Condition) is not { } condition || Visit(node.WhenTrue) is not { } whenTrue || Visit(node.WhenFalse) is not { } whenFalse)
        {
            return null;
        }
        if (condition.Kind != ValueKind.Bool)
        {
            return Fail(node.Condition.Start, "the condition before '?' must be a bool (a comparison, for example), but it is a number");
        }
        if (whenTrue.Kind != whenFalse.Kind)
        {
            return Fail(node.ColonPosition,
                $"the results on either side of ':' must be both numbers or both bools, not a {Name(whenTrue.Kind)} and a {Name(whenFalse.Kind)}");
        }
        return new Typed(Expression.Condition(condition.Expression, whenTrue.Expression, whenFalse.Expression), whenTrue.Kind);
    }

    private Typed? Call(CallSyntax node)
    {
        var arguments = new Expression[node.Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (Visit(node.Arguments[i]) is not { } argument)
            {
                return null;
            }
            if (argument.Kind != ValueKind.Number)
            {
                return Fail(node.Arguments[i].Start, $"{node.Function.Signature} takes numbers, but argument {i + 1} is a bool");
            }
            arguments[i] = argument.Expression;
        }
        return new Typed(Expression.Call(node.Function.Method, arguments), ValueKind.Number);
    }

    /// <summary>The node a binary operator compiles to, the kind both operands need (null: the same as each other) and its result.</summary>
    private static (ExpressionType Type, ValueKind? Operands, ValueKind Result) Operation(TokenKind op) => op switch
    {
        TokenKind.Plus => (ExpressionType.Add, ValueKind.Number, ValueKind.Number),
        TokenKind.Minus => (ExpressionType.Subtract, ValueKind.Number, ValueKind.Number),
        TokenKind.Star => (ExpressionType.Multiply, ValueKind.Number, ValueKind.Number),
        TokenKind.Slash => (ExpressionType.Divide, ValueKind.Number, ValueKind.Number),
        TokenKind.Percent => (ExpressionType.Modulo, ValueKind.Number, ValueKind.Number),
        TokenKind.Less => (ExpressionType.LessThan, ValueKind.Number, ValueKind.Bool),
        TokenKind.LessOrEqual => (ExpressionType.LessThanOrEqual, ValueKind.Number, ValueKind.Bool),
        TokenKind.Greater => (ExpressionType.GreaterThan, ValueKind.Number, ValueKind.Bool),
        TokenKind.GreaterOrEqual => (ExpressionType.GreaterThanOrEqual, ValueKind.Number, ValueKind.Bool),
        TokenKind.Equal => (ExpressionType.Equal, null, ValueKind.Bool),
        TokenKind.NotEqual => (ExpressionType.NotEqual, null, ValueKind.Bool),
        TokenKind.And => (ExpressionType.AndAlso, ValueKind.Bool, ValueKind.Bool),
        TokenKind.Or => (ExpressionType.OrElse, ValueKind.Bool, ValueKind.Bool),
        _ => throw new UnreachableException($"{op} is not a binary operator."),
    };

    private static string Symbol(TokenKind op) => op switch
    {
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Star => "*",
        TokenKind.Slash => "/",
        TokenKind.Percent => "%",
        TokenKind.Less => "<",
        TokenKind.LessOrEqual => "<=",
        TokenKind.Greater => ">",
        TokenKind.GreaterOrEqual => ">=",
        TokenKind.Equal => "==",
        TokenKind.NotEqual => "!=",
        TokenKind.And => "&&",
        TokenKind.Or => "||",
        TokenKind.Not => "!",
        _ => op.ToString(),
    };

    private static string Name(ValueKind kind) => kind == ValueKind.Bool ? "bool" : "number";

    private Typed? Fail(int position, string message)
    {
        error ??= new ExpressionError(position, message);
        return null;
    }
}
