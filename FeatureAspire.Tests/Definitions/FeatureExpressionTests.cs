using System.Linq.Expressions;
using FeatureApi.Definitions.Expressions;
using FeatureApi.Features;

namespace FeatureAspire.Tests.Definitions;

/// <summary>
/// The expression language of derived features: it computes what the same formula computes in C#, bit for bit, and
/// refuses everything else with the position of the problem.
/// </summary>
public sealed partial class FeatureExpressionTests
{
    // The inputs the tests compile against: numbers a, b, c and bools p, q, in this order in a row.
    private static readonly ExpressionInput[] inputs =
        [new("a", 0, ValueKind.Number), new("b", 1, ValueKind.Number), new("c", 2, ValueKind.Number), new("p", 3, ValueKind.Bool), new("q", 4, ValueKind.Bool)];

    private static ExpressionInput? Resolve(string name) => inputs.FirstOrDefault(i => i.Name == name);

    private static CompiledExpression Compile(string text, Func<string, ExpressionInput?>? resolve = null)
    {
        Assert.True(FeatureExpression.TryParse(text, out var parsed, out var parseError), parseError?.ToString());
        Assert.True(parsed.TryCompile(resolve ?? Resolve, out var compiled, out var error), error?.ToString());
        return compiled;
    }

    private static double Bit(bool value) => value ? 1.0 : 0.0;

    private delegate double Reference(double a, double b, double c, bool p, bool q);

    // Each construct of the language and the C# it must equal; bool results are 1.0 or 0.0, as Evaluate returns them.
    private static readonly Dictionary<string, Reference> constructs = new()
    {
        ["a + b"] = (a, b, c, p, q) => a + b,
        ["a - b"] = (a, b, c, p, q) => a - b,
        ["a * b"] = (a, b, c, p, q) => a * b,
        ["a / b"] = (a, b, c, p, q) => a / b,
        ["a % b"] = (a, b, c, p, q) => a % b,
        ["-a"] = (a, b, c, p, q) => -a,
        ["- -a"] = (a, b, c, p, q) => - -a,
        ["-a * b"] = (a, b, c, p, q) => -a * b,
        ["a + b * c"] = (a, b, c, p, q) => a + b * c,
        ["(a + b) * c"] = (a, b, c, p, q) => (a + b) * c,
        ["a - b - c"] = (a, b, c, p, q) => a - b - c,
        ["a / b / c"] = (a, b, c, p, q) => a / b / c,
        ["a % b * c"] = (a, b, c, p, q) => a % b * c,
        ["a\n*\tb\r\n+ c"] = (a, b, c, p, q) => a * b + c,
        ["a < b"] = (a, b, c, p, q) => Bit(a < b),
        ["a <= b"] = (a, b, c, p, q) => Bit(a <= b),
        ["a > b"] = (a, b, c, p, q) => Bit(a > b),
        ["a >= b"] = (a, b, c, p, q) => Bit(a >= b),
        ["a == b"] = (a, b, c, p, q) => Bit(a == b),
        ["a != b"] = (a, b, c, p, q) => Bit(a != b),
        ["!(a < b)"] = (a, b, c, p, q) => Bit(!(a < b)),
        ["p && q"] = (a, b, c, p, q) => Bit(p && q),
        ["p || q"] = (a, b, c, p, q) => Bit(p || q),
        ["!p"] = (a, b, c, p, q) => Bit(!p),
        ["p == q"] = (a, b, c, p, q) => Bit(p == q),
        ["p != q"] = (a, b, c, p, q) => Bit(p != q),
        ["p || q && a > b"] = (a, b, c, p, q) => Bit(p || q && a > b),
        ["a < b == p"] = (a, b, c, p, q) => Bit(a < b == p),
        ["true && !false || p"] = (a, b, c, p, q) => Bit(true && !false || p),
        ["p ? a : b"] = (a, b, c, p, q) => p ? a : b,
        ["p ? a : q ? b : c"] = (a, b, c, p, q) => p ? a : q ? b : c,
        ["a > b ? a - b : b - a"] = (a, b, c, p, q) => a > b ? a - b : b - a,
        ["p ? q : a > c"] = (a, b, c, p, q) => Bit(p ? q : a > c),
        ["1 / 2 + a"] = (a, b, c, p, q) => 1.0 / 2.0 + a,
        ["1e-3 * a + .5 - 2.5E+2 / b"] = (a, b, c, p, q) => 1e-3 * a + .5 - 2.5E+2 / b,
        ["0.1 + 0.2 + a"] = (a, b, c, p, q) => 0.1 + 0.2 + a,
        ["log(a)"] = (a, b, c, p, q) => Math.Log(a),
        ["log10(a)"] = (a, b, c, p, q) => Math.Log10(a),
        ["exp(a)"] = (a, b, c, p, q) => Math.Exp(a),
        ["sqrt(a)"] = (a, b, c, p, q) => Math.Sqrt(a),
        ["abs(a)"] = (a, b, c, p, q) => Math.Abs(a),
        ["floor(a)"] = (a, b, c, p, q) => Math.Floor(a),
        ["ceil(a)"] = (a, b, c, p, q) => Math.Ceiling(a),
        ["round(a)"] = (a, b, c, p, q) => Math.Round(a),
        ["min(a, b)"] = (a, b, c, p, q) => Math.Min(a, b),
        ["max(a, b)"] = (a, b, c, p, q) => Math.Max(a, b),
        ["pow(a, b)"] = (a, b, c, p, q) => Math.Pow(a, b),
        ["clamp(a, b, c)"] = (a, b, c, p, q) => Math.Min(Math.Max(a, b), c),
        ["clamp(log(abs(a) + 1) / (1 + exp(-b)), 0, 1) * (p ? c : 1)"] =
            (a, b, c, p, q) => Math.Min(Math.Max(Math.Log(Math.Abs(a) + 1) / (1 + Math.Exp(-b)), 0), 1) * (p ? c : 1),
    };

    public static TheoryData<string> Constructs => [.. constructs.Keys];

    // Zeros of both signs, halves (for round), extremes, subnormals and the non-finite values.
    private static readonly double[] specialValues =
        [0.0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3, 7, 100, 0.1, 1.0 / 3, 1e-300, 1e300, double.Epsilon, double.MaxValue,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    private static void AssertSameBits(double expected, double actual, string context)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            Assert.Fail($"{context}: expected {expected:R}, got {actual:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Constructs))]
    public void EveryConstructEvaluatesExactlyAsCSharpDoes(string text)
    {
        var compiled = Compile(text);
        var reference = constructs[text];
        var row = new double[inputs.Length];

        foreach (var a in specialValues)
        {
            foreach (var b in specialValues)
            {
                foreach (var c in specialValues)
                {
                    for (var bools = 0; bools < 4; bools++)
                    {
                        var (p, q) = ((bools & 1) != 0, (bools & 2) != 0);
                        (row[0], row[1], row[2], row[3], row[4]) = (a, b, c, Bit(p), Bit(q));

                        AssertSameBits(reference(a, b, c, p, q), compiled.Evaluate(row), $"{text} with a={a:R} b={b:R} c={c:R} p={p} q={q}");
                    }
                }
            }
        }
    }

    /// <summary>Numbers of every magnitude and sign, plus arbitrary bit patterns: subnormals, NaNs with payloads, infinities.</summary>
    private static double RandomValue(Random random) => random.Next(4) switch
    {
        0 => random.Next(0, 121),
        1 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 13)),
        2 => random.Next(-8, 2),
        _ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)),
    };

    [Theory]
    [InlineData("f_normalized_value", "current_value / 100.0")]
    [InlineData("f_recency_score", "1.0 / (last_7d_clicks + 1.0)")]
    [InlineData("f_age_value_ratio", "user_age * current_value")]
    [InlineData("f_click_trend", "clicks_24h / (last_7d_clicks / 7.0 + 1.0)")]
    public void CatalogFormulasAreBitIdenticalToTheirCSharpLambdas(string feature, string text)
    {
        // The seed's catalog formulas as C# lambdas, kept by the benchmark as the reference for expressions.
        var registry = new FeatureApi.Benchmarks.CompiledCatalog().Registry;
        var compiled = Compile(text, name => registry.TryGet(name, out var input) ? new ExpressionInput(name, input.Slot, ValueKind.Number) : null);
        var formula = registry[feature].Formula!;
        var random = new Random(19);
        var row = new double[registry.All.Count];

        for (var i = 0; i < 100_000; i++)
        {
            for (var slot = 0; slot < row.Length; slot++)
            {
                row[slot] = RandomValue(random);
            }

            AssertSameBits(formula(row), compiled.Evaluate(row), $"{text} at row {i} [{string.Join(", ", row.Select(v => v.ToString("R")))}]");
        }
    }

    [Theory]
    [InlineData("round(2.5)", 2.0)]
    [InlineData("round(-2.5)", -2.0)]
    [InlineData("round(3.5)", 4.0)]
    [InlineData("round(0.5)", 0.0)]
    [InlineData("round(2.6)", 3.0)]
    public void RoundTakesHalvesToEven(string text, double expected) => Assert.Equal(expected, Compile(text).Evaluate([]));

    [Theory]
    [InlineData("1 / 0", double.PositiveInfinity)]
    [InlineData("-1 / 0", double.NegativeInfinity)]
    [InlineData("0 / 0", double.NaN)]
    [InlineData("log(0)", double.NegativeInfinity)]
    [InlineData("log(-1)", double.NaN)]
    [InlineData("sqrt(-1)", double.NaN)]
    [InlineData("exp(1000)", double.PositiveInfinity)]
    public void NonFiniteResultsAreReturnedAsTheyAre(string text, double expected) => Assert.Equal(expected, Compile(text).Evaluate([]));

    [Fact]
    public void ClampIsMathClampAndGivesHiInsteadOfThrowingWhenLoExceedsHi()
    {
        var clamp = Compile("clamp(a, b, c)");

        Assert.Equal(Math.Clamp(5.0, 0.0, 1.0), clamp.Evaluate([5, 0, 1, 0, 0]));
        Assert.Equal(Math.Clamp(-5.0, 0.0, 1.0), clamp.Evaluate([-5, 0, 1, 0, 0]));
        Assert.Equal(0.5, clamp.Evaluate([0.5, 0, 1, 0, 0]));
        Assert.Equal(1.0, clamp.Evaluate([0.5, 2, 1, 0, 0]));
    }

    [Fact]
    public void BoolInputsAreTrueWhenTheirValueIsNotZero()
    {
        var choose = Compile("p ? 1 : 2");

        Assert.Equal([1.0, 1.0, 1.0, 1.0, 2.0, 2.0], new[] { 1.0, 0.5, -3, double.NaN, 0.0, -0.0 }.Select(p => choose.Evaluate([0, 0, 0, p, 0])));
    }

    [Theory]
    [InlineData("a * b", false)]
    [InlineData("a > b", true)]
    [InlineData("p ? q : false", true)]
    public void TheResultKindIsWhatTheExpressionComputes(string text, bool isBool) =>
        Assert.Equal(isBool ? ValueKind.Bool : ValueKind.Number, Compile(text).ResultKind);

    [Fact]
    public void TheCompiledExpressionKeepsItsTextAndInputs()
    {
        var compiled = Compile("b * a + b");

        Assert.Equal("b * a + b", compiled.Text);
        Assert.Equal(["b", "a"], compiled.Inputs);
    }

    [Fact]
    public void EvaluationAllocatesNothing()
    {
        var compiled = Compile("clamp(log(a + 1) * b / (1 + exp(-c)), 0, 100) + (p && !q ? round(a) : pow(b, 2)) + (a % 3 == 1 ? 1 : 0)");
        var row = new double[] { 1, 2, 3, 1, 0 };
        var sum = compiled.Evaluate(row);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            row[0] = i;
            sum += compiled.Evaluate(row);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(sum));
    }

    [Fact]
    public void TheAllowListRefusesTreesOutsideTheLanguage()
    {
        var row = Expression.Parameter(typeof(double[]), "row");
        var first = Expression.ArrayIndex(row, Expression.Constant(0));
        Expression[] forbidden =
        [
            Expression.Call(typeof(Math).GetMethod(nameof(Math.BitIncrement))!, first),
            Expression.Convert(Expression.Property(Expression.Constant("text"), nameof(string.Length)), typeof(double)),
            Expression.Convert(Expression.ArrayLength(row), typeof(double)),
            Expression.ArrayIndex(Expression.Constant(new double[1]), Expression.Constant(0)),
            Expression.AddChecked(first, first),
        ];

        foreach (var body in forbidden)
        {
            Assert.Throws<InvalidOperationException>(() => ExpressionAllowList.Verify(Expression.Lambda<Func<double[], double>>(body, row)));
        }
    }
}
