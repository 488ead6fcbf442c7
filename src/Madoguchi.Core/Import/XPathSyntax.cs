using System.Globalization;
using System.Text;

namespace Madoguchi.Core.Import;

/// <summary>An ODK XPath expression as a tree (the subset forms use; anything else is refused while parsing).</summary>
internal abstract record XExpr;

internal sealed record XNumber(decimal Value) : XExpr;

internal sealed record XString(string Value) : XExpr;

/// <summary>XLSForm reference <c>${name}</c>.</summary>
internal sealed record XVariable(string Name) : XExpr;

/// <summary>A location path without predicates or axes: <c>/data/age</c>, <c>../age</c>, <c>.</c>.</summary>
internal sealed record XPathRef(bool Absolute, IReadOnlyList<string> Steps) : XExpr
{
    public bool IsSelf => !Absolute && Steps is ["."];
}

internal sealed record XNegate(XExpr Operand) : XExpr;

/// <summary>Operators: or and = != &lt; &lt;= &gt; &gt;= + - * div mod.</summary>
internal sealed record XBinary(string Op, XExpr Left, XExpr Right) : XExpr;

internal sealed record XCall(string Name, IReadOnlyList<XExpr> Args) : XExpr;

/// <summary>Why an expression cannot be read or translated, in Japanese and English.</summary>
internal sealed class XPathProblem(string ja, string en) : Exception(en)
{
    public string Ja { get; } = ja;
    public string En { get; } = en;
}

/// <summary>
/// A tokenizer and precedence-climbing parser for XPath 1.0 as ODK uses it, plus XLSForm's <c>${name}</c>.
/// Precedence, loosest first: or, and, = !=, &lt; &lt;= &gt; &gt;=, + -, * div mod, unary minus, | (refused), paths.
/// </summary>
internal sealed class XPathParser
{
    private enum Kind { Number, String, Variable, Name, Operator, LParen, RParen, Comma, Slash, DoubleSlash, Dot, DotDot, LBracket, RBracket, At, Axis, Pipe, Star, End }

    private readonly record struct Token(Kind Kind, string Text, int Position);

    private readonly List<Token> _tokens;
    private readonly string _source;
    private int _index;

    private XPathParser(string source)
    {
        _source = source;
        _tokens = Tokenize(source);
    }

    public static XExpr Parse(string source)
    {
        var parser = new XPathParser(source);
        if (parser.Peek.Kind == Kind.End)
        {
            throw new XPathProblem("式が空です。", "The expression is empty.");
        }

        var result = parser.ParseOr();
        if (parser.Peek.Kind != Kind.End)
        {
            throw parser.Unexpected();
        }

        return result;
    }

    private Token Peek => _tokens[_index];

    private Token Next() => _tokens[_index++];

    private XPathProblem Unexpected()
    {
        var token = Peek;
        return token.Kind == Kind.End
            ? new XPathProblem("式が途中で終わっています。", "The expression ends too early.")
            : new XPathProblem($"式の{token.Position + 1}文字目「{token.Text}」を読み取れません。", $"Cannot read \"{token.Text}\" at character {token.Position + 1} of the expression.");
    }

    private bool IsOperator(string op) => Peek.Kind == Kind.Operator && Peek.Text == op;

    private XExpr ParseOr()
    {
        var left = ParseAnd();
        while (IsOperator("or"))
        {
            Next();
            left = new XBinary("or", left, ParseAnd());
        }

        return left;
    }

    private XExpr ParseAnd()
    {
        var left = ParseEquality();
        while (IsOperator("and"))
        {
            Next();
            left = new XBinary("and", left, ParseEquality());
        }

        return left;
    }

    private XExpr ParseEquality()
    {
        var left = ParseRelational();
        while (IsOperator("=") || IsOperator("!="))
        {
            var op = Next().Text;
            left = new XBinary(op, left, ParseRelational());
        }

        return left;
    }

    private XExpr ParseRelational()
    {
        var left = ParseAdditive();
        while (IsOperator("<") || IsOperator("<=") || IsOperator(">") || IsOperator(">="))
        {
            var op = Next().Text;
            left = new XBinary(op, left, ParseAdditive());
        }

        return left;
    }

    private XExpr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (IsOperator("+") || IsOperator("-"))
        {
            var op = Next().Text;
            left = new XBinary(op, left, ParseMultiplicative());
        }

        return left;
    }

    private XExpr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (IsOperator("*") || IsOperator("div") || IsOperator("mod"))
        {
            var op = Next().Text;
            left = new XBinary(op, left, ParseUnary());
        }

        return left;
    }

    private XExpr ParseUnary()
    {
        if (IsOperator("-"))
        {
            Next();
            var operand = ParseUnary();
            return operand is XNumber n ? new XNumber(-n.Value) : new XNegate(operand);
        }

        var result = ParsePath();
        if (Peek.Kind == Kind.Pipe)
        {
            throw new XPathProblem("ノード集合の和（|）には対応していません。", "Node-set unions (|) are not supported.");
        }

        return result;
    }

    private XExpr ParsePath()
    {
        var token = Peek;
        XExpr primary;
        switch (token.Kind)
        {
            case Kind.Number:
                Next();
                primary = new XNumber(decimal.Parse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
                break;
            case Kind.String:
                Next();
                primary = new XString(token.Text);
                break;
            case Kind.Variable:
                Next();
                primary = new XVariable(token.Text);
                break;
            case Kind.LParen:
                Next();
                primary = ParseOr();
                Expect(Kind.RParen, ")");
                break;
            case Kind.Name when _tokens[_index + 1].Kind == Kind.LParen:
                primary = ParseCall();
                break;
            case Kind.Slash or Kind.Dot or Kind.DotDot or Kind.Name:
                return ParseLocationPath();
            case Kind.DoubleSlash:
                throw new XPathProblem("「//」（子孫すべて）を使った参照には対応していません。", "References with \"//\" (all descendants) are not supported.");
            case Kind.At:
                throw new XPathProblem("属性（@）の参照には対応していません。", "Attribute references (@) are not supported.");
            case Kind.Star:
                throw new XPathProblem("「*」（すべての子）を使った参照には対応していません。", "Wildcard references (*) are not supported.");
            default:
                throw Unexpected();
        }

        RefusePathContinuation();
        return primary;
    }

    private void RefusePathContinuation()
    {
        switch (Peek.Kind)
        {
            case Kind.LBracket:
                throw new XPathProblem("条件付きの参照（[ ] の述語）には対応していません。", "Filtered references (predicates in [ ]) are not supported.");
            case Kind.Slash or Kind.DoubleSlash:
                throw new XPathProblem("関数の結果や ${…} からたどる参照には対応していません。", "Paths that continue from a function result or ${…} are not supported.");
            default:
                break;
        }
    }

    private XCall ParseCall()
    {
        var name = Next().Text;
        Expect(Kind.LParen, "(");
        var args = new List<XExpr>();
        if (Peek.Kind != Kind.RParen)
        {
            args.Add(ParseOr());
            while (Peek.Kind == Kind.Comma)
            {
                Next();
                args.Add(ParseOr());
            }
        }

        Expect(Kind.RParen, ")");
        return new XCall(name, args);
    }

    private XPathRef ParseLocationPath()
    {
        var absolute = false;
        var steps = new List<string>();
        if (Peek.Kind == Kind.Slash)
        {
            Next();
            absolute = true;
        }

        while (true)
        {
            var token = Peek;
            switch (token.Kind)
            {
                case Kind.Dot:
                    steps.Add(".");
                    break;
                case Kind.DotDot:
                    steps.Add("..");
                    break;
                case Kind.Name when _tokens[_index + 1].Kind == Kind.Axis:
                    throw new XPathProblem($"軸（{token.Text}::）を使った参照には対応していません。", $"Axis references ({token.Text}::) are not supported.");
                case Kind.Name when _tokens[_index + 1].Kind == Kind.LParen:
                    throw new XPathProblem($"パスの途中の「{token.Text}()」には対応していません。", $"\"{token.Text}()\" inside a path is not supported.");
                case Kind.Name:
                    steps.Add(token.Text);
                    break;
                case Kind.Star:
                    throw new XPathProblem("「*」（すべての子）を使った参照には対応していません。", "Wildcard references (*) are not supported.");
                case Kind.At:
                    throw new XPathProblem("属性（@）の参照には対応していません。", "Attribute references (@) are not supported.");
                default:
                    if (absolute && steps.Count == 0)
                    {
                        throw new XPathProblem("「/」だけの参照（文書全体）には対応していません。", "A bare \"/\" (the whole document) is not supported.");
                    }

                    throw Unexpected();
            }

            Next();
            RefusePredicate();
            if (Peek.Kind == Kind.Slash)
            {
                Next();
                continue;
            }

            if (Peek.Kind == Kind.DoubleSlash)
            {
                throw new XPathProblem("「//」（子孫すべて）を使った参照には対応していません。", "References with \"//\" (all descendants) are not supported.");
            }

            return new XPathRef(absolute, steps);
        }
    }

    private void RefusePredicate()
    {
        if (Peek.Kind == Kind.LBracket)
        {
            throw new XPathProblem("条件付きの参照（[ ] の述語）には対応していません。", "Filtered references (predicates in [ ]) are not supported.");
        }
    }

    private void Expect(Kind kind, string text)
    {
        if (Peek.Kind != kind)
        {
            throw Peek.Kind == Kind.End
                ? new XPathProblem($"「{text}」が足りません。", $"A \"{text}\" is missing.")
                : Unexpected();
        }

        Next();
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>
    /// XPath's rule: after a token that ends an operand, a name such as "and" or "div" and "*" are operators;
    /// elsewhere they are names (so "/data/and" and "div" as a field name keep working).
    /// </summary>
    private static bool EndsOperand(List<Token> tokens) =>
        tokens.Count > 0 && tokens[^1].Kind is not (Kind.Operator or Kind.LParen or Kind.Comma or Kind.Slash or Kind.DoubleSlash or Kind.LBracket or Kind.At or Kind.Axis or Kind.Pipe);

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (c == '$' && i + 1 < s.Length && s[i + 1] == '{')
            {
                var close = s.IndexOf('}', i + 2);
                if (close < 0)
                {
                    throw new XPathProblem("「${」を閉じる「}」がありません。", "A \"${\" has no closing \"}\".");
                }

                var name = s[(i + 2)..close].Trim();
                if (name.Length == 0)
                {
                    throw new XPathProblem("「${}」の中に項目名がありません。", "\"${}\" names no question.");
                }

                tokens.Add(new Token(Kind.Variable, name, start));
                i = close + 1;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                if (i < s.Length && s[i] == '.')
                {
                    i++;
                    while (i < s.Length && char.IsAsciiDigit(s[i]))
                    {
                        i++;
                    }
                }

                tokens.Add(new Token(Kind.Number, s[start..i], start));
            }
            else if (c is '\'' or '"')
            {
                var close = s.IndexOf(c, i + 1);
                if (close < 0)
                {
                    throw new XPathProblem($"文字列を閉じる {c} がありません。", $"The text has no closing {c}.");
                }

                tokens.Add(new Token(Kind.String, s[(i + 1)..close], start));
                i = close + 1;
            }
            else if (IsNameStart(c))
            {
                i++;
                while (i < s.Length && (IsNameChar(s[i]) || (s[i] == ':' && i + 1 < s.Length && IsNameStart(s[i + 1]))))
                {
                    i++;
                }

                var name = s[start..i];
                var kind = name is "and" or "or" or "div" or "mod" && EndsOperand(tokens) ? Kind.Operator : Kind.Name;
                tokens.Add(new Token(kind, name, start));
            }
            else
            {
                var two = i + 1 < s.Length ? s.Substring(i, 2) : "";
                (Kind Kind, int Length) token = two switch
                {
                    "!=" or "<=" or ">=" => (Kind.Operator, 2),
                    "//" => (Kind.DoubleSlash, 2),
                    ".." => (Kind.DotDot, 2),
                    "::" => (Kind.Axis, 2),
                    _ => c switch
                    {
                        '=' or '<' or '>' or '+' or '-' => (Kind.Operator, 1),
                        '*' => (EndsOperand(tokens) ? Kind.Operator : Kind.Star, 1),
                        '(' => (Kind.LParen, 1),
                        ')' => (Kind.RParen, 1),
                        '[' => (Kind.LBracket, 1),
                        ']' => (Kind.RBracket, 1),
                        ',' => (Kind.Comma, 1),
                        '/' => (Kind.Slash, 1),
                        '.' => (Kind.Dot, 1),
                        '@' => (Kind.At, 1),
                        '|' => (Kind.Pipe, 1),
                        _ => throw new XPathProblem($"式の{i + 1}文字目「{c}」は使えない文字です。", $"Character {i + 1} of the expression (\"{c}\") is not allowed."),
                    },
                };

                tokens.Add(new Token(token.Kind, s.Substring(i, token.Length), start));
                i += token.Length;
            }
        }

        tokens.Add(new Token(Kind.End, "", s.Length));
        tokens.Add(new Token(Kind.End, "", s.Length));
        return tokens;
    }

    /// <summary>Writes a tree back as XPath-like text (for messages and tests).</summary>
    public static string Describe(XExpr e) => e switch
    {
        XNumber n => n.Value.ToString(CultureInfo.InvariantCulture),
        XString t => "'" + t.Value + "'",
        XVariable v => "${" + v.Name + "}",
        XPathRef p => (p.Absolute ? "/" : "") + string.Join('/', p.Steps),
        XNegate u => "-" + Describe(u.Operand),
        XBinary b => "(" + Describe(b.Left) + " " + b.Op + " " + Describe(b.Right) + ")",
        XCall c => c.Name + "(" + string.Join(", ", c.Args.Select(Describe)) + ")",
        _ => new StringBuilder().Append(e).ToString(),
    };
}
