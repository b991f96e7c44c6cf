using System.Collections.Frozen;
using System.Reflection;

namespace FeatureApi.Definitions.Expressions;

/// <summary>
/// The only functions an expression can call, each a static method over doubles that neither throws nor allocates.
/// Their names are reserved: no input can be named like one. Each is the <see cref="Math"/> method a C# formula
/// would call, so results are bit-identical to C#; <c>round</c> rounds halves to even (C#'s <c>Math.Round</c>
/// default, numpy and Python 3 alike), and <c>clamp</c> is <see cref="Clamp"/> because <c>Math.Clamp</c> throws.
/// </summary>
internal static class ExpressionFunctions
{
    /// <summary>A callable name, how it is written with its arguments (for errors), and the method it compiles to.</summary>
    internal sealed record Function(string Name, string Signature, MethodInfo Method)
    {
        public int Arity { get; } = Method.GetParameters().Length;
    }

    // Methods are taken from delegates so the compiler, not a reflection lookup by name, picks the double overloads.
    private static readonly FrozenDictionary<string, Function> byName = new Function[]
    {
        new("log", "log(x)", new Func<double, double>(Math.Log).Method),
        new("log10", "log10(x)", new Func<double, double>(Math.Log10).Method),
        new("exp", "exp(x)", new Func<double, double>(Math.Exp).Method),
        new("sqrt", "sqrt(x)", new Func<double, double>(Math.Sqrt).Method),
        new("abs", "abs(x)", new Func<double, double>(Math.Abs).Method),
        new("floor", "floor(x)", new Func<double, double>(Math.Floor).Method),
        new("ceil", "ceil(x)", new Func<double, double>(Math.Ceiling).Method),
        new("round", "round(x)", new Func<double, double>(Math.Round).Method),
        new("min", "min(a, b)", new Func<double, double, double>(Math.Min).Method),
        new("max", "max(a, b)", new Func<double, double, double>(Math.Max).Method),
        new("pow", "pow(x, y)", new Func<double, double, double>(Math.Pow).Method),
        new("clamp", "clamp(x, lo, hi)", new Func<double, double, double, double>(Clamp).Method),
    }.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    private static readonly FrozenSet<MethodInfo> methods = byName.Values.Select(f => f.Method).ToFrozenSet();

    public static IEnumerable<Function> All => byName.Values;

    public static bool TryGet(string name, out Function function) => byName.TryGetValue(name, out function!);

    public static bool IsAllowed(MethodInfo method) => methods.Contains(method);

    /// <summary>
    /// <paramref name="x"/> held to [<paramref name="lo"/>, <paramref name="hi"/>] as <c>min(max(x, lo), hi)</c>:
    /// <c>Math.Clamp</c>'s result whenever lo &lt;= hi, and <paramref name="hi"/> instead of an exception when
    /// lo &gt; hi, since the hot path must not throw. NaN in any argument gives NaN.
    /// </summary>
    public static double Clamp(double x, double lo, double hi) => Math.Min(Math.Max(x, lo), hi);
}
