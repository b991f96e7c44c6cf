namespace FeatureApi.Definitions.Expressions;

/// <summary>The tokens of the expression language: numbers, names and the C# operators it keeps.</summary>
internal enum TokenKind
{
    End,
    Number,
    Identifier,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    And,
    Or,
    Not,
    Question,
    Colon,
    LeftParen,
    RightParen,
    Comma,
}

/// <summary>One token: what it is, where it starts and how long it is in the text, and a number's value.</summary>
internal readonly record struct ExpressionToken(TokenKind Kind, int Position, int Length, double Number = 0);
