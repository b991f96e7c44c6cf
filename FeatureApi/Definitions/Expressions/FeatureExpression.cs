using System.Diagnostics.CodeAnalysis;

namespace FeatureApi.Definitions.Expressions;

/// <summary>
/// A derived feature's formula, parsed from untrusted text: <c>user_age * current_value</c>,
/// <c>clamp(log(clicks_24h + 1) / 3, 0, 1)</c>, <c>is_new ? 0 : last_7d_clicks / 7</c>. The language is C#'s
/// expressions over doubles and bools and nothing else: numbers, inputs, <c>+ - * / %</c>, unary <c>-</c>,
/// comparisons, <c>&amp;&amp; || !</c>, <c>?:</c>, parentheses and the calls in <see cref="ExpressionFunctions"/>.
/// Every number is a double (<c>1 / 2</c> is 0.5), and arithmetic is IEEE as C# computes it.
/// </summary>
/// <remarks>
/// Two phases: <see cref="TryParse"/> checks the text without knowing the registry and names its
/// <see cref="Identifiers"/> (for the dependency graph); <see cref="TryCompile"/> binds them to slots, checks kinds
/// and compiles a delegate once, off the request path.
/// <para>
/// Why our own parser rather than DynamicExpresso (its 2.19.6 was tried restricted: no default types, no assignment,
/// doubles): it types while it parses, so it cannot check a text before the registry says which inputs are bools;
/// it accepts <c>"text"</c>, <c>'c'</c> and <c>user_age.GetType()</c> and leaves them to a visitor over a tree that
/// has lost every position; it reports type errors at the end of the text as "Invalid Operation"; it has no nesting
/// bound (500 parentheses overflow a 1 MB stack and kill the process); a function name used as a value throws an
/// ArgumentException instead of a parse error; and its functions compile to delegate invocations. A parser for
/// this small grammar is shorter than the guards it would need, builds only allowed nodes, and knows every
/// position. <see cref="ExpressionAllowList"/> still checks the finished tree as a second wall.
/// </para>
/// </remarks>
internal sealed class FeatureExpression
{
    /// <summary>The longest text accepted, in characters.</summary>
    public const int MaxLength = 1_000;

    /// <summary>
    /// How deep an expression may nest: at most this many parentheses, calls, conditionals and unary operators
    /// inside one another, and at most this many operations on any path from the whole expression to a value (a sum
    /// of n terms is n - 1 deep). It bounds every recursion over an expression, so no text can exhaust a stack.
    /// </summary>
    public const int MaxDepth = 64;

    private readonly ExpressionSyntax root;

    private FeatureExpression(string text, ExpressionSyntax root, IReadOnlyList<string> identifiers)
    {
        Text = text;
        this.root = root;
        Identifiers = identifiers;
    }

    public string Text { get; }

    /// <summary>The inputs the expression names, distinct, in first-use order; function names are not among them.</summary>
    public IReadOnlyList<string> Identifiers { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out FeatureExpression? expression, [NotNullWhen(false)] out ExpressionError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        expression = null;
        if (text.Length > MaxLength)
        {
            error = new ExpressionError(MaxLength, $"the expression is longer than {MaxLength} characters");
            return false;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new ExpressionError(0, "the expression is empty");
            return false;
        }
        if (!ExpressionParser.TryParse(text, out var root, out var identifiers, out error))
        {
            return false;
        }
        expression = new FeatureExpression(text, root, identifiers);
        return true;
    }

    /// <summary>
    /// Binds the expression to a registry: <paramref name="resolve"/> gives each identifier's slot and kind, or null
    /// for a name the registry does not know. Compiles a new delegate each call (about 0.2 ms); a dropped one is
    /// collected, so replacing a registry leaks nothing.
    /// </summary>
    public bool TryCompile(Func<string, ExpressionInput?> resolve, [NotNullWhen(true)] out CompiledExpression? compiled,
        [NotNullWhen(false)] out ExpressionError? error)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        compiled = null;
        if (!ExpressionCompiler.TryBuild(root, resolve, out var lambda, out var kind, out error))
        {
            return false;
        }
        ExpressionAllowList.Verify(lambda);
        compiled = new CompiledExpression(Text, kind, Identifiers, lambda.Compile());
        return true;
    }

    /// <summary>
    /// Whether an expression can name a feature called <paramref name="name"/>: <c>[A-Za-z_][A-Za-z0-9_]*</c> and not
    /// a function, <c>true</c> or <c>false</c>; for the registry to refuse a feature name no expression could read.
    /// </summary>
    public static bool IsInputName(string name) =>
        name.Length > 0 && ExpressionLexer.IsIdentifierStart(name[0]) && name.All(ExpressionLexer.IsIdentifierPart)
        && name is not ("true" or "false") && !ExpressionFunctions.TryGet(name, out _);
}
