namespace FeatureApi.Definitions.Expressions;

/// <summary>
/// An expression bound to a registry's slots. <see cref="Evaluate"/> reads its inputs from the row by slot and
/// allocates nothing; a bool result comes back as 1.0 or 0.0. Non-finite results (x / 0, log(0)) are returned as
/// they are: the pipeline replaces them by the feature's default.
/// </summary>
/// <param name="Text">The expression as written.</param>
/// <param name="ResultKind">What the expression computes.</param>
/// <param name="Inputs">The names it reads, distinct, in first-use order.</param>
/// <param name="Evaluate">Computes the expression over one row; thread-safe.</param>
internal sealed record CompiledExpression(string Text, ValueKind ResultKind, IReadOnlyList<string> Inputs, Func<double[], double> Evaluate);
