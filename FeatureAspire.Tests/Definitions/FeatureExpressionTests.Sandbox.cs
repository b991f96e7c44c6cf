using System.Runtime.ExceptionServices;
using FeatureApi.Definitions.Expressions;

namespace FeatureAspire.Tests.Definitions;

/// <summary>The sandbox: what the language refuses, where, and the limits that keep any text cheap to handle.</summary>
public sealed partial class FeatureExpressionTests
{
    private static ExpressionError ParseError(string text)
    {
        Assert.False(FeatureExpression.TryParse(text, out _, out var error));
        return error;
    }

    private static ExpressionError CompileError(string text)
    {
        Assert.True(FeatureExpression.TryParse(text, out var parsed, out var parseError), parseError?.ToString());
        Assert.False(parsed.TryCompile(Resolve, out _, out var error));
        return error;
    }

    private static void AssertRefused(ExpressionError error, int position, string reason)
    {
        Assert.Equal(position, error.Position);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void IdentifiersAreTheDistinctInputsInFirstUseOrder()
    {
        Assert.True(FeatureExpression.TryParse("b + a * log(c) + a + b - max(c, d) + (true ? e : b)", out var parsed, out _));

        Assert.Equal(["b", "a", "c", "d", "e"], parsed.Identifiers);
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText(\"x\")", 6, "member access")]
    [InlineData("user_age.GetType()", 8, "member access")]
    [InlineData("user_age.ToString()", 8, "member access")]
    [InlineData("Math.Abs(1)", 4, "member access")]
    [InlineData("Convert.ToInt32(1)", 7, "member access")]
    [InlineData("Enumerable.Range(0, 5)", 10, "member access")]
    [InlineData("1.ToString()", 1, "member access")]
    [InlineData("typeof(int)", 0, "unknown function 'typeof'")]
    [InlineData("default(int)", 0, "unknown function 'default'")]
    [InlineData("x => x", 2, "lambdas")]
    [InlineData("\"text\"", 0, "strings are not supported")]
    [InlineData("'c'", 0, "characters are not supported")]
    [InlineData("new string('a', 5)", 4, "expected an operator or the end of the expression, found 'string'")]
    [InlineData("a = 1", 2, "assignment")]
    [InlineData("a += 1", 3, "assignment")]
    [InlineData("a++", 1, "'++' is not supported")]
    [InlineData("a--b", 1, "'--' is not supported")]
    [InlineData("a & b", 2, "use '&&'")]
    [InlineData("a | b", 2, "use '||'")]
    [InlineData("a ^ b", 2, "'^' is not supported")]
    [InlineData("a[0]", 1, "'[' is not supported")]
    [InlineData("a ?? b", 3, "expected a number, an input, a function call or '(', found '?'")]
    [InlineData("$\"{a}\"", 0, "'$' is not supported")]
    [InlineData("a é", 2, "unexpected character U+00E9")]
    [InlineData("user_age is double", 9, "found 'is'")]
    [InlineData("foo(1)", 0, "unknown function 'foo'")]
    [InlineData("Log(a)", 0, "did you mean log(x)?")]
    [InlineData("1 + log", 4, "'log' is a function, not a value")]
    [InlineData("min(a)", 0, "min(a, b) takes 2 arguments, not 1")]
    [InlineData("clamp(a, 0, 1, 2)", 0, "takes 3 arguments, not 4")]
    [InlineData("sqrt()", 0, "takes 1 argument, not 0")]
    [InlineData("max(a b)", 6, "expected ',' or ')'")]
    [InlineData("1.5f", 3, "followed directly by 'f'")]
    [InlineData("0x1F", 1, "followed directly by 'x'")]
    [InlineData("1e", 2, "exponent")]
    [InlineData("1e400", 0, "too large")]
    [InlineData("(a + b", 6, "expected ')', found the end of the expression")]
    [InlineData("a + b)", 5, "found ')'")]
    [InlineData("p ? a", 5, "expected ':' of the conditional")]
    [InlineData("a +", 3, "found the end of the expression")]
    [InlineData("", 0, "empty")]
    [InlineData(" \n ", 0, "empty")]
    public void TheParserRefusesWhatIsNotInTheLanguageWithItsPosition(string text, int position, string reason) =>
        AssertRefused(ParseError(text), position, reason);

    [Theory]
    [InlineData("2 * user_ag", 4, "unknown input 'user_ag'")]
    [InlineData("p * a", 2, "'*' needs numbers, but its left operand is a bool")]
    [InlineData("a - q", 2, "'-' needs numbers, but its right operand is a bool")]
    [InlineData("a < b < c", 6, "'<' needs numbers, but its left operand is a bool")]
    [InlineData("a && p", 2, "'&&' needs bools, but its left operand is a number")]
    [InlineData("a == p", 2, "'==' compares two numbers or two bools, not a number with a bool")]
    [InlineData("-p", 0, "'-' needs a number")]
    [InlineData("!a", 0, "'!' needs a bool")]
    [InlineData("a ? 1 : 0", 0, "the condition before '?' must be a bool")]
    [InlineData("1 + (a + b ? 1 : 0)", 5, "the condition before '?' must be a bool")]
    [InlineData("p ? a : q", 6, "both numbers or both bools, not a number and a bool")]
    [InlineData("max(a, p)", 7, "max(a, b) takes numbers, but argument 2 is a bool")]
    public void CompilingRefusesUnknownInputsAndMismatchedKindsWithTheirPosition(string text, int position, string reason) =>
        AssertRefused(CompileError(text), position, reason);

    [Fact]
    public void TextUpToTheLengthLimitIsAcceptedAndLongerTextIsRefusedAtTheLimit()
    {
        Compile("a * b".PadRight(FeatureExpression.MaxLength));

        AssertRefused(ParseError("a * b".PadRight(FeatureExpression.MaxLength + 1)), FeatureExpression.MaxLength,
            $"longer than {FeatureExpression.MaxLength} characters");
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a 256 KB stack, far less than a request or startup thread has, so a test that
    /// passes shows that the limits, not the stack size, bound the recursion. An overflow would end the test run; a
    /// failed assertion is rethrown here.
    /// </summary>
    private static T OnSmallStack<T>(Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = action();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    [Fact]
    public void AChainOfOperatorsCountsOneLevelPerOperator()
    {
        string Sum(int terms) => string.Join("+", Enumerable.Repeat("a", terms));

        var sum = OnSmallStack(() => Compile(Sum(FeatureExpression.MaxDepth + 1)).Evaluate([1, 0, 0, 0, 0]));
        var error = ParseError(Sum(FeatureExpression.MaxDepth + 2));

        Assert.Equal(FeatureExpression.MaxDepth + 1, sum);
        AssertRefused(error, 2 * FeatureExpression.MaxDepth + 1, "group a long chain in parentheses");
    }

    [Theory]
    [InlineData("(", "a", ")", 0)]
    [InlineData("- ", "a", "", 0)]
    [InlineData("!", "p", "", 0)]
    [InlineData("abs(", "a", ")", 0)]
    [InlineData("p ? 1 : ", "1", "", 2)]
    public void NestingDeeperThanTheLimitIsRefusedAtTheFirstLevelTooMany(string open, string inner, string close, int offset)
    {
        string Nested(int levels) => string.Concat(Enumerable.Repeat(open, levels)) + inner + string.Concat(Enumerable.Repeat(close, levels));

        var error = ParseError(Nested(FeatureExpression.MaxDepth + 1));

        AssertRefused(error, FeatureExpression.MaxDepth * open.Length + offset, $"nests deeper than {FeatureExpression.MaxDepth} levels");
        OnSmallStack(() => Compile(Nested(FeatureExpression.MaxDepth)).Evaluate([1, 0, 0, 1, 0]));
    }

    [Fact]
    public void FiveHundredNestedParenthesesAreRefusedOnASmallStack()
    {
        var error = OnSmallStack(() => ParseError(new string('(', 500) + "a" + new string(')', 499)));

        AssertRefused(error, FeatureExpression.MaxDepth, "nests deeper than");
    }

    [Theory]
    [InlineData("user_age", true)]
    [InlineData("_x1", true)]
    [InlineData("log", false)]
    [InlineData("clamp", false)]
    [InlineData("true", false)]
    [InlineData("1abc", false)]
    [InlineData("a-b", false)]
    [InlineData("é", false)]
    [InlineData("", false)]
    public void FunctionNamesAndKeywordsCannotNameInputs(string name, bool allowed) => Assert.Equal(allowed, FeatureExpression.IsInputName(name));
}
