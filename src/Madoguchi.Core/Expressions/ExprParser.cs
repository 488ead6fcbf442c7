namespace Madoguchi.Core.Expressions;

/// <summary>The outcome of <see cref="ExprParser.Parse"/>: a tree, or the first problem found.</summary>
public sealed record ParseResult(Expr? Ast, IReadOnlyList<ExprDiagnostic> Errors)
{
    public bool Success => Ast is not null && Errors.Count == 0;
}

/// <summary>
/// Parses the expression language (grammar in docs/expressions.md) by recursive descent. Parsing stops at the first
/// problem; keywords and function names are case-insensitive, field ids are not.
/// </summary>
public sealed class ExprParser
{
    /// <summary>The longest expression accepted, in UTF-16 code units.</summary>
    public const int MaxLength = 2000;

    /// <summary>How deeply parentheses, calls and prefix operators may nest.</summary>
    public const int MaxDepth = 50;

    private readonly string _source;
    private readonly List<Token> _tokens;
    private int _position;
    private int _depth;

    private ExprParser(string source, List<Token> tokens)
    {
        _source = source;
        _tokens = tokens;
    }

    private Token Current => _tokens[_position];

    public static ParseResult Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            if (source.Length > MaxLength)
            {
                throw new ExprSyntaxException("too-long", MaxLength, source.Length - MaxLength, ExprMessages.TooLong(MaxLength));
            }

            var tokens = ExprLexer.Tokenize(source);
            if (tokens[0].Kind == TokenKind.End)
            {
                throw new ExprSyntaxException("empty", 0, source.Length, ExprMessages.Empty());
            }

            var parser = new ExprParser(source, tokens);
            var ast = parser.ParseExpression();
            if (parser.Current.Kind != TokenKind.End)
            {
                throw parser.Unexpected(parser.Current);
            }

            return new ParseResult(ast, []);
        }
        catch (ExprSyntaxException e)
        {
            return new ParseResult(null, [e.Diagnostic]);
        }
    }

    /// <summary>Whether a field id can be referred to in expressions (keywords such as <c>and</c> or <c>null</c> cannot).</summary>
    public static bool IsReferable(string fieldId)
    {
        ArgumentNullException.ThrowIfNull(fieldId);
        return fieldId.Length > 0 && char.IsAsciiLetter(fieldId[0]) && fieldId.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            && !ExprLexer.IsKeyword(fieldId);
    }

    private Expr ParseExpression()
    {
        if (++_depth > MaxDepth)
        {
            throw new ExprSyntaxException("too-deep", Current.Start, Current.Length, ExprMessages.TooDeep());
        }

        var result = ParseOr();
        _depth--;
        return result;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == TokenKind.Or)
        {
            _position++;
            left = Binary(BinaryOperator.Or, left, ParseAnd());
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.Kind == TokenKind.And)
        {
            _position++;
            left = Binary(BinaryOperator.And, left, ParseNot());
        }

        return left;
    }

    private Expr ParseNot()
    {
        if (Current.Kind != TokenKind.Not)
        {
            return ParseComparison();
        }

        var start = Current.Start;
        _position++;
        var operand = Nested(ParseNot);
        return new UnaryExpr(UnaryOperator.Not, operand) { Start = start, Length = End(operand) - start };
    }

    private Expr ParseComparison()
    {
        var left = ParseConcat();
        if (ComparisonOperator(Current.Kind) is not { } op)
        {
            return left;
        }

        _position++;
        var result = Binary(op, left, ParseConcat());
        if (ComparisonOperator(Current.Kind) is not null)
        {
            throw new ExprSyntaxException("chained-comparison", Current.Start, Current.Length, ExprMessages.ChainedComparison());
        }

        return result;
    }

    private Expr ParseConcat()
    {
        var left = ParseAdditive();
        while (Current.Kind == TokenKind.Amp)
        {
            _position++;
            left = Binary(BinaryOperator.Concat, left, ParseAdditive());
        }

        return left;
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Current.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            _position++;
            left = Binary(op, left, ParseMultiplicative());
        }

        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Current.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                _ => BinaryOperator.Modulo,
            };
            _position++;
            left = Binary(op, left, ParseUnary());
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (Current.Kind == TokenKind.Plus)
        {
            _position++;
            return Nested(ParseUnary);
        }

        if (Current.Kind != TokenKind.Minus)
        {
            return ParsePostfix();
        }

        var start = Current.Start;
        _position++;
        var operand = Nested(ParseUnary);
        return new UnaryExpr(UnaryOperator.Negate, operand) { Start = start, Length = End(operand) - start };
    }

    private Expr ParsePostfix()
    {
        var target = ParsePrimary();
        while (Current.Kind == TokenKind.Dot)
        {
            _position++;
            if (Current.Kind != TokenKind.Name)
            {
                throw Current.Kind == TokenKind.End
                    ? new ExprSyntaxException("expected-name", Current.Start, 0, ExprMessages.ExpectedName())
                    : new ExprSyntaxException("expected-name", Current.Start, Current.Length, ExprMessages.ExpectedName());
            }

            var name = Current;
            _position++;
            target = new MemberAccess(target, name.Text) { Start = target.Start, Length = name.Start + name.Length - target.Start };
        }

        return target;
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _position++;
                return new NumberLiteral(token.Number) { Start = token.Start, Length = token.Length };
            case TokenKind.Text:
                _position++;
                return new TextLiteral(token.Text) { Start = token.Start, Length = token.Length };
            case TokenKind.True or TokenKind.False:
                _position++;
                return new BoolLiteral(token.Kind == TokenKind.True) { Start = token.Start, Length = token.Length };
            case TokenKind.Null:
                _position++;
                return new NullLiteral { Start = token.Start, Length = token.Length };
            case TokenKind.Name:
                _position++;
                if (Current.Kind != TokenKind.LeftParen)
                {
                    return new FieldRef(token.Text) { Start = token.Start, Length = token.Length };
                }

                var name = ExprFunctions.Canonical(token.Text) ?? token.Text;
                var (arguments, end) = ParseArguments();
                return new CallExpr(name, arguments) { Start = token.Start, Length = end - token.Start };
            case TokenKind.And or TokenKind.Or when _tokens[_position + 1].Kind == TokenKind.LeftParen:
                // Excel's AND(a, b, …) and OR(a, b, …): the same tree as a and b and …
                _position++;
                var (operands, close) = ParseArguments();
                if (operands.Length < 2)
                {
                    var label = _source.Substring(token.Start, token.Length);
                    var message = ExprMessages.WrongArity(label, 2, int.MaxValue, operands.Length);
                    throw new ExprSyntaxException("wrong-arity", token.Start, close - token.Start, message);
                }

                var op = token.Kind == TokenKind.And ? BinaryOperator.And : BinaryOperator.Or;
                var folded = operands[0];
                for (var i = 1; i < operands.Length; i++)
                {
                    folded = Binary(op, folded, operands[i]);
                }

                return folded;
            case TokenKind.LeftParen:
                var open = token;
                _position++;
                var inner = ParseExpression();
                var closing = Current;
                ExpectClose(open);
                return inner with { Start = open.Start, Length = closing.Start + closing.Length - open.Start };
            default:
                throw Unexpected(token);
        }
    }

    /// <summary>Reads <c>( [expr {, expr}] )</c>; returns the arguments and the offset just after ')'.</summary>
    private (Expr[] Arguments, int End) ParseArguments()
    {
        var open = Current;
        _position++;
        var arguments = new List<Expr>();
        if (Current.Kind != TokenKind.RightParen)
        {
            arguments.Add(ParseExpression());
            while (Current.Kind == TokenKind.Comma)
            {
                _position++;
                arguments.Add(ParseExpression());
            }
        }

        var close = Current;
        ExpectClose(open);
        return ([.. arguments], close.Start + close.Length);
    }

    private void ExpectClose(Token open)
    {
        if (Current.Kind == TokenKind.RightParen)
        {
            _position++;
            return;
        }

        throw Current.Kind == TokenKind.End
            ? new ExprSyntaxException("unclosed-paren", open.Start, open.Length, ExprMessages.UnclosedParen())
            : Unexpected(Current);
    }

    private Expr Nested(Func<Expr> parse)
    {
        if (++_depth > MaxDepth)
        {
            throw new ExprSyntaxException("too-deep", Current.Start, Current.Length, ExprMessages.TooDeep());
        }

        var result = parse();
        _depth--;
        return result;
    }

    private ExprSyntaxException Unexpected(Token token) => token.Kind == TokenKind.End
        ? new ExprSyntaxException("unexpected-end", token.Start, 0, ExprMessages.UnexpectedEnd())
        : new ExprSyntaxException("unexpected-token", token.Start, token.Length, ExprMessages.UnexpectedToken(_source.Substring(token.Start, token.Length)));

    private static BinaryExpr Binary(BinaryOperator op, Expr left, Expr right) =>
        new(op, left, right) { Start = left.Start, Length = End(right) - left.Start };

    private static int End(Expr e) => e.Start + e.Length;

    private static BinaryOperator? ComparisonOperator(TokenKind kind) => kind switch
    {
        TokenKind.Equal => BinaryOperator.Equal,
        TokenKind.NotEqual => BinaryOperator.NotEqual,
        TokenKind.Less => BinaryOperator.Less,
        TokenKind.LessOrEqual => BinaryOperator.LessOrEqual,
        TokenKind.Greater => BinaryOperator.Greater,
        TokenKind.GreaterOrEqual => BinaryOperator.GreaterOrEqual,
        _ => null,
    };
}
