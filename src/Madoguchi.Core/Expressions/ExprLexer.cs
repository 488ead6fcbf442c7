using System.Globalization;
using System.Text;

namespace Madoguchi.Core.Expressions;

internal enum TokenKind
{
    End,
    Number,
    Text,
    Name,
    And,
    Or,
    Not,
    True,
    False,
    Null,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Amp,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    LeftParen,
    RightParen,
    Comma,
    Dot,
}

internal readonly record struct Token(TokenKind Kind, int Start, int Length, string Text, decimal Number = 0m);

/// <summary>A problem found while reading an expression; the parser turns it into a diagnostic.</summary>
internal sealed class ExprSyntaxException(string code, int start, int length, Bilingual message) : Exception(message.En)
{
    public ExprDiagnostic Diagnostic { get; } = new(ExprErrorKind.Parse, code, start, length, message.Ja, message.En);
}

/// <summary>
/// Splits an expression into tokens. Outside quotes, 全角 ASCII (Ａ, １, ＋, （, …; not the quotes ＂ ＇) and the
/// ideographic space count as their 半角 forms, and ≦ ≤ ≧ ≥ ≠ × ÷ − are accepted for &lt;= &gt;= != * / -.
/// </summary>
internal static class ExprLexer
{
    private static readonly Dictionary<string, TokenKind> _keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["and"] = TokenKind.And,
        ["or"] = TokenKind.Or,
        ["not"] = TokenKind.Not,
        ["true"] = TokenKind.True,
        ["false"] = TokenKind.False,
        ["null"] = TokenKind.Null,
    };

    /// <summary>Whether a field id cannot be written in an expression because it is a keyword (and, or, not, true, false, null).</summary>
    public static bool IsKeyword(string name) => _keywords.ContainsKey(name);

    /// <summary>The 半角 form of a character outside quotes.</summary>
    public static char Narrow(char c) => c switch
    {
        '\uFF02' or '\uFF07' => c,
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' or '\u00A0' => ' ',
        '\u2212' => '-',
        '\u00D7' => '*',
        '\u00F7' => '/',
        _ => c,
    };

    public static List<Token> Tokenize(string source)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < source.Length && Narrow(source[i]) is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }

            if (i >= source.Length)
            {
                tokens.Add(new Token(TokenKind.End, source.Length, 0, ""));
                return tokens;
            }

            var start = i;
            var c = Narrow(source[i]);
            if (c is '\'' or '"')
            {
                tokens.Add(ReadText(source, ref i));
            }
            else if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadNumber(source, ref i));
            }
            else if (char.IsAsciiLetter(c))
            {
                var name = new StringBuilder();
                while (i < source.Length && Narrow(source[i]) is var n && (char.IsAsciiLetterOrDigit(n) || n == '_'))
                {
                    name.Append(n);
                    i++;
                }

                var text = name.ToString();
                tokens.Add(new Token(_keywords.TryGetValue(text, out var keyword) ? keyword : TokenKind.Name, start, i - start, text));
            }
            else
            {
                var next = i + 1 < source.Length ? Narrow(source[i + 1]) : '\0';
                var (kind, length) = c switch
                {
                    '+' => (TokenKind.Plus, 1),
                    '-' => (TokenKind.Minus, 1),
                    '*' => (TokenKind.Star, 1),
                    '/' => (TokenKind.Slash, 1),
                    '%' => (TokenKind.Percent, 1),
                    '&' when next == '&' => (TokenKind.And, 2),
                    '&' => (TokenKind.Amp, 1),
                    '|' when next == '|' => (TokenKind.Or, 2),
                    '=' when next == '=' => (TokenKind.Equal, 2),
                    '=' => (TokenKind.Equal, 1),
                    '!' when next == '=' => (TokenKind.NotEqual, 2),
                    '<' when next == '=' => (TokenKind.LessOrEqual, 2),
                    '<' when next == '>' => (TokenKind.NotEqual, 2),
                    '<' => (TokenKind.Less, 1),
                    '>' when next == '=' => (TokenKind.GreaterOrEqual, 2),
                    '>' => (TokenKind.Greater, 1),
                    '≦' or '≤' => (TokenKind.LessOrEqual, 1),
                    '≧' or '≥' => (TokenKind.GreaterOrEqual, 1),
                    '≠' => (TokenKind.NotEqual, 1),
                    '(' => (TokenKind.LeftParen, 1),
                    ')' => (TokenKind.RightParen, 1),
                    ',' => (TokenKind.Comma, 1),
                    '.' => (TokenKind.Dot, 1),
                    _ => (TokenKind.End, 0),
                };
                if (length == 0)
                {
                    var width = char.IsHighSurrogate(source[i]) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]) ? 2 : 1;
                    var character = source.Substring(i, width);
                    throw new ExprSyntaxException("unexpected-char", i, width, ExprMessages.UnexpectedChar(character));
                }

                i += length;
                tokens.Add(new Token(kind, start, length, source.Substring(start, length)));
            }
        }
    }

    private static Token ReadText(string source, ref int i)
    {
        var start = i;
        var quote = source[i];
        var builder = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= source.Length)
            {
                throw new ExprSyntaxException("unclosed-text", start, source.Length - start, ExprMessages.UnclosedText(quote));
            }

            if (source[i] == quote)
            {
                if (i + 1 < source.Length && source[i + 1] == quote)
                {
                    builder.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return new Token(TokenKind.Text, start, i - start, builder.ToString());
            }

            builder.Append(source[i]);
            i++;
        }
    }

    /// <summary>Digits with optional single underscores between digits, then optionally '.' and more digits.</summary>
    private static Token ReadNumber(string source, ref int i)
    {
        var start = i;
        var digits = new StringBuilder();
        ReadDigits(source, ref i, digits);
        var decimals = 0;
        if (i + 1 < source.Length && Narrow(source[i]) == '.' && char.IsAsciiDigit(Narrow(source[i + 1])))
        {
            digits.Append('.');
            i++;
            var before = digits.Length;
            ReadDigits(source, ref i, digits);
            decimals = digits.Length - before;
        }

        if (decimals > ExprNumber.MaxDecimals)
        {
            throw new ExprSyntaxException("number-too-precise", start, i - start, ExprMessages.NumberTooPrecise());
        }

        var text = digits.ToString();
        var integerDigits = (decimals > 0 ? text[..text.IndexOf('.', StringComparison.Ordinal)] : text).TrimStart('0');
        if (integerDigits.Length > 18)
        {
            throw new ExprSyntaxException("number-too-large", start, i - start, ExprMessages.NumberTooLarge());
        }

        var value = decimal.Parse(integerDigits.Length == 0 ? "0" + text.TrimStart('0') : text.TrimStart('0'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return new Token(TokenKind.Number, start, i - start, source[start..i], value);
    }

    private static void ReadDigits(string source, ref int i, StringBuilder digits)
    {
        while (i < source.Length)
        {
            var c = Narrow(source[i]);
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
                i++;
            }
            else if (c == '_' && digits.Length > 0 && char.IsAsciiDigit(digits[^1]) && i + 1 < source.Length && char.IsAsciiDigit(Narrow(source[i + 1])))
            {
                i++;
            }
            else
            {
                return;
            }
        }
    }
}
