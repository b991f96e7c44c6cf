using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FeatureApi.Definitions.Expressions;

/// <summary>
/// Reads an expression one token at a time, as the parser asks, so the first problem reported is the leftmost one.
/// Whatever C# syntax the language leaves out stops here, named: member access, strings, characters, assignment,
/// lambdas, increments and bitwise operators.
/// </summary>
internal sealed class ExpressionLexer(string text)
{
    private int position;

    public bool TryNext(out ExpressionToken token, [NotNullWhen(false)] out ExpressionError? error)
    {
        while (position < text.Length && text[position] is ' ' or '\t' or '\r' or '\n')
        {
            position++;
        }

        error = null;
        token = new ExpressionToken(TokenKind.End, position, 0);
        if (position == text.Length)
        {
            return true;
        }

        var c = text[position];
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return TryNumber(out token, out error);
        }
        if (IsIdentifierStart(c))
        {
            var start = position;
            while (IsIdentifierPart(Peek(0)))
            {
                position++;
            }
            token = new ExpressionToken(TokenKind.Identifier, start, position - start);
            return true;
        }

        var (kind, length, problem) = Symbol(c, Peek(1));
        if (problem is not null)
        {
            error = new ExpressionError(position, problem);
            return false;
        }
        token = new ExpressionToken(kind, position, length);
        position += length;
        return true;
    }

    /// <summary>The operator or punctuation at <paramref name="c"/>, or why it is not part of the language.</summary>
    private static (TokenKind Kind, int Length, string? Problem) Symbol(char c, char next) => (c, next) switch
    {
        ('+', '+') => (default, 2, "'++' is not supported: there is nothing to increment"),
        ('-', '-') => (default, 2, "'--' is not supported: there is nothing to decrement (write '- -x' to negate twice)"),
        ('+', _) => (TokenKind.Plus, 1, null),
        ('-', _) => (TokenKind.Minus, 1, null),
        ('*', _) => (TokenKind.Star, 1, null),
        ('/', _) => (TokenKind.Slash, 1, null),
        ('%', _) => (TokenKind.Percent, 1, null),
        ('<', '=') => (TokenKind.LessOrEqual, 2, null),
        ('<', _) => (TokenKind.Less, 1, null),
        ('>', '=') => (TokenKind.GreaterOrEqual, 2, null),
        ('>', _) => (TokenKind.Greater, 1, null),
        ('=', '=') => (TokenKind.Equal, 2, null),
        ('=', '>') => (default, 2, "lambdas ('=>') are not supported"),
        ('=', _) => (default, 1, "assignment ('=') is not supported; compare with '=='"),
        ('!', '=') => (TokenKind.NotEqual, 2, null),
        ('!', _) => (TokenKind.Not, 1, null),
        ('&', '&') => (TokenKind.And, 2, null),
        ('|', '|') => (TokenKind.Or, 2, null),
        ('&' or '|', _) => (default, 1, $"'{c}' is not supported; use '{c}{c}' to combine bools"),
        ('?', _) => (TokenKind.Question, 1, null),
        (':', _) => (TokenKind.Colon, 1, null),
        ('(', _) => (TokenKind.LeftParen, 1, null),
        (')', _) => (TokenKind.RightParen, 1, null),
        (',', _) => (TokenKind.Comma, 1, null),
        ('.', _) => (default, 1, "member access ('.') is not supported: only inputs and the listed functions can be named"),
        ('"', _) => (default, 1, "strings are not supported: an expression computes a number or a bool"),
        ('\'', _) => (default, 1, "characters are not supported: an expression computes a number or a bool"),
        _ when c > ' ' && c < '\x7f' => (default, 1, $"'{c}' is not supported"),
        _ => (default, 1, $"unexpected character U+{(int)c:X4}"),
    };

    /// <summary>
    /// A C# real literal without suffix: <c>12</c>, <c>1.5</c>, <c>.5</c>, <c>1e-3</c>, <c>2.5E+2</c>. Every number is
    /// a double, parsed with the same correct rounding as the C# compiler's, so <c>0.1</c> here is C#'s <c>0.1</c>.
    /// </summary>
    private bool TryNumber(out ExpressionToken token, [NotNullWhen(false)] out ExpressionError? error)
    {
        var start = position;
        SkipDigits();
        if (Peek(0) == '.' && char.IsAsciiDigit(Peek(1)))
        {
            position++;
            SkipDigits();
        }
        if (Peek(0) is 'e' or 'E')
        {
            position += Peek(1) is '+' or '-' ? 2 : 1;
            if (!char.IsAsciiDigit(Peek(0)))
            {
                return Fail(position, "the exponent of a number needs digits (for example 1e-3)", out token, out error);
            }
            SkipDigits();
        }
        if (IsIdentifierPart(Peek(0)))
        {
            return Fail(position, $"a number cannot be followed directly by '{Peek(0)}' (no suffixes, hexadecimal or digit separators)",
                out token, out error);
        }

        var value = double.Parse(text.AsSpan(start, position - start), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            return Fail(start, "the number is too large for a double", out token, out error);
        }
        token = new ExpressionToken(TokenKind.Number, start, position - start, value);
        error = null;
        return true;
    }

    private static bool Fail(int at, string message, out ExpressionToken token, out ExpressionError error)
    {
        token = new ExpressionToken(TokenKind.End, at, 0);
        error = new ExpressionError(at, message);
        return false;
    }

    private void SkipDigits()
    {
        while (char.IsAsciiDigit(Peek(0)))
        {
            position++;
        }
    }

    private char Peek(int ahead) => position + ahead < text.Length ? text[position + ahead] : '\0';

    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
