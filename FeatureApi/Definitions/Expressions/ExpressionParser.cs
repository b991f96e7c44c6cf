using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace FeatureApi.Definitions.Expressions;

/// <summary>
/// Recursive descent over C#'s precedence levels, lowest first: <c>?:</c> (right-associative), <c>||</c>, <c>&amp;&amp;</c>,
/// <c>== !=</c>, <c>&lt; &lt;= &gt; &gt;=</c>, <c>+ -</c>, <c>* / %</c>, unary <c>- !</c>, then numbers, <c>true</c>,
/// <c>false</c>, inputs, calls and parentheses. Binary levels loop; only nesting recurses (parentheses, calls,
/// conditionals, unary operators), and it is counted, so no text can run the stack out. The first error wins and
/// parsing unwinds by returning null.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string text;
    private readonly ExpressionLexer lexer;
    private readonly List<string> identifiers = [];
    private ExpressionToken current;
    private ExpressionError? error;
    private int depth;

    private ExpressionParser(string text)
    {
        this.text = text;
        lexer = new ExpressionLexer(text);
    }

    /// <summary>The syntax of <paramref name="text"/> and the inputs it names, distinct, in first-use order.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ExpressionSyntax? root, out IReadOnlyList<string> identifiers,
        [NotNullWhen(false)] out ExpressionError? error)
    {
        var parser = new ExpressionParser(text);
        identifiers = parser.identifiers;
        parser.Advance();
        root = parser.ParseExpression();
        if (root is not null && parser.current.Kind != TokenKind.End)
        {
            parser.Fail(parser.current.Position, $"expected an operator or the end of the expression, found {parser.Describe(parser.current)}");
        }
        error = parser.error;
        if (error is not null)
        {
            root = null;
            return false;
        }
        return root is not null ? true : throw new UnreachableException("A failed parse records its error.");
    }

    /// <summary>A whole expression: the conditional level, where parentheses, arguments and branches start again.</summary>
    private ExpressionSyntax? ParseExpression()
    {
        var condition = ParseBinary(0);
        if (condition is null || current.Kind != TokenKind.Question)
        {
            return condition;
        }

        var question = current.Position;
        if (!Enter(question))
        {
            return null;
        }
        Advance();
        var whenTrue = ParseExpression();
        if (whenTrue is null || !Expect(TokenKind.Colon, "':' of the conditional"))
        {
            return null;
        }
        var colon = current.Position;
        Advance();
        var whenFalse = ParseExpression();
        depth--;
        return whenFalse is null ? null : Bounded(new ConditionalSyntax(question, condition, whenTrue, colon, whenFalse));
    }

    // The binary operators by precedence level, loosest first; each level is left-associative.
    private static readonly TokenKind[][] binaryLevels =
    [
        [TokenKind.Or],
        [TokenKind.And],
        [TokenKind.Equal, TokenKind.NotEqual],
        [TokenKind.Less, TokenKind.LessOrEqual, TokenKind.Greater, TokenKind.GreaterOrEqual],
        [TokenKind.Plus, TokenKind.Minus],
        [TokenKind.Star, TokenKind.Slash, TokenKind.Percent],
    ];

    private ExpressionSyntax? ParseBinary(int level)
    {
        if (level == binaryLevels.Length)
        {
            return ParseUnary();
        }
        var left = ParseBinary(level + 1);
        while (left is not null && Array.IndexOf(binaryLevels[level], current.Kind) >= 0)
        {
            var op = current;
            Advance();
            var right = ParseBinary(level + 1);
            left = right is null ? null : Bounded(new BinarySyntax(op.Position, op.Kind, left, right));
        }
        return left;
    }

    private ExpressionSyntax? ParseUnary()
    {
        if (current.Kind is not (TokenKind.Minus or TokenKind.Not))
        {
            return ParsePrimary();
        }
        var op = current;
        if (!Enter(op.Position))
        {
            return null;
        }
        Advance();
        var operand = ParseUnary();
        depth--;
        return operand is null ? null : Bounded(new UnarySyntax(op.Position, op.Kind, operand));
    }

    private ExpressionSyntax? ParsePrimary()
    {
        var token = current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberSyntax(token.Position, token.Number);
            case TokenKind.Identifier:
                Advance();
                return ParseName(token.Position, text.Substring(token.Position, token.Length));
            case TokenKind.LeftParen:
                if (!Enter(token.Position))
                {
                    return null;
                }
                Advance();
                var inner = ParseExpression();
                if (inner is null || !Expect(TokenKind.RightParen, "')'"))
                {
                    return null;
                }
                Advance();
                depth--;
                return inner;
            default:
                return Fail(token.Position, $"expected a number, an input, a function call or '(', found {Describe(token)}");
        }
    }

    /// <summary>A name already read: <c>true</c>, <c>false</c>, a call of an allowed function, or an input.</summary>
    private ExpressionSyntax? ParseName(int position, string name)
    {
        var isFunction = ExpressionFunctions.TryGet(name, out var function);
        if (current.Kind == TokenKind.LeftParen)
        {
            return isFunction ? ParseCall(position, function) : Fail(position, UnknownFunction(name));
        }
        if (isFunction)
        {
            return Fail(position, $"'{name}' is a function, not a value: call it as {function.Signature}");
        }
        if (name is "true" or "false")
        {
            return new BoolSyntax(position, name == "true");
        }
        if (!identifiers.Contains(name))
        {
            identifiers.Add(name);
        }
        return new InputSyntax(position, name);
    }

    private ExpressionSyntax? ParseCall(int position, ExpressionFunctions.Function function)
    {
        if (!Enter(position))
        {
            return null;
        }
        Advance();
        var arguments = new List<ExpressionSyntax>(function.Arity);
        if (current.Kind != TokenKind.RightParen)
        {
            do
            {
                if (arguments.Count > 0)
                {
                    Advance();
                }
                var argument = ParseExpression();
                if (argument is null)
                {
                    return null;
                }
                arguments.Add(argument);
            }
            while (current.Kind == TokenKind.Comma);
        }
        if (!Expect(TokenKind.RightParen, "',' or ')'"))
        {
            return null;
        }
        if (arguments.Count != function.Arity)
        {
            return Fail(position, $"{function.Signature} takes {function.Arity} argument{(function.Arity == 1 ? "" : "s")}, not {arguments.Count}");
        }
        Advance();
        depth--;
        return Bounded(new CallSyntax(position, function, arguments));
    }

    private static string UnknownFunction(string name)
    {
        var known = ExpressionFunctions.All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        return known is null
            ? $"unknown function '{name}'; the functions are {string.Join(", ", ExpressionFunctions.All.Select(f => f.Name))}"
            : $"unknown function '{name}'; did you mean {known.Signature}?";
    }

    /// <summary>
    /// One level deeper into parentheses, a call, a conditional or a unary operator, the constructs the parser
    /// recurses for; refused past <see cref="FeatureExpression.MaxDepth"/> at <paramref name="position"/>, before
    /// descending. A failed parse unwinds without coming back up, so only success needs to leave the level.
    /// </summary>
    private bool Enter(int position)
    {
        if (++depth <= FeatureExpression.MaxDepth)
        {
            return true;
        }
        Fail(position, $"the expression nests deeper than {FeatureExpression.MaxDepth} levels");
        return false;
    }

    /// <summary>
    /// <paramref name="node"/>, unless it makes the tree higher than <see cref="FeatureExpression.MaxDepth"/>: what
    /// bounds a long chain of binary operators, which the parser loops over but every later walk recurses into.
    /// </summary>
    private ExpressionSyntax? Bounded(ExpressionSyntax node) => node.Height <= FeatureExpression.MaxDepth
        ? node
        : Fail(node.Position, $"the expression nests deeper than {FeatureExpression.MaxDepth} levels "
            + "(each operator of a chain is one level: group a long chain in parentheses)");

    private bool Expect(TokenKind kind, string what)
    {
        if (current.Kind == kind)
        {
            return true;
        }
        Fail(current.Position, $"expected {what}, found {Describe(current)}");
        return false;
    }

    /// <summary>Moves to the next token; a lexical error is recorded and ends the token stream.</summary>
    private void Advance()
    {
        if (!lexer.TryNext(out current, out var lexical))
        {
            Fail(lexical.Position, lexical.Message);
        }
    }

    private ExpressionSyntax? Fail(int position, string message)
    {
        error ??= new ExpressionError(position, message);
        return null;
    }

    private string Describe(ExpressionToken token) =>
        token.Kind == TokenKind.End ? "the end of the expression" : $"'{text.Substring(token.Position, token.Length)}'";
}
