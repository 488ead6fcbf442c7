using System.Globalization;
using System.Text.RegularExpressions;

namespace Madoguchi.Core.Import;

/// <summary>The kind of value an expression yields, as far as the translator can tell.</summary>
internal enum ValueKind
{
    Unknown,
    Text,
    Number,
    Integer,
    Boolean,
    Date,

    /// <summary>A multiChoice answer (a list of values).</summary>
    Choices,
}

internal enum TargetRole
{
    /// <summary>A field with a value (possibly a repeat column).</summary>
    Field,

    /// <summary>A repeat group: only countable.</summary>
    Repeat,

    /// <summary>Not a value: a group, a note, or something that was not imported.</summary>
    Unavailable,
}

/// <summary>What a source node became, for expressions that refer to it.</summary>
internal sealed record NodeTarget(string Id, TargetRole Role, ValueKind Kind, FormNode? Repeat, bool IsAcknowledge = false, bool IsSingleChoice = false, string? WhyJa = null, string? WhyEn = null);

/// <summary>Looks source references up; implemented by the form translator.</summary>
internal interface IReferenceTable
{
    /// <summary>The node called <paramref name="name"/> (XLSForm ${name}); throws when ambiguous, null when unknown.</summary>
    FormNode? ByName(string name);

    FormNode? ByPath(string path);

    NodeTarget Target(FormNode node);
}

/// <summary>
/// Translates an ODK XPath tree into a Madoguchi expression: field ids for references, <c>group.column</c> for a
/// repeat column in sum(), <c>&amp;</c> for concat(), <c>/</c> for div, isBlank() for comparisons with ''.
/// Anything without an equivalent throws <see cref="XPathProblem"/>, so the caller reports it and drops the
/// expression. Output uses the Madoguchi precedence (loosest first): or, and, not, comparisons, &amp;, + -, * /, unary -.
/// </summary>
internal sealed partial class ExpressionTranslator(IReferenceTable table)
{
    private const int Or = 1;
    private const int And = 2;
    private const int Not = 3;
    private const int Comparison = 4;
    private const int Concat = 5;
    private const int Additive = 6;
    private const int Multiplicative = 7;
    private const int Prefix = 8;
    private const int Atom = 10;

    private readonly IReferenceTable _table = table;

    /// <summary>A translated expression with its precedence level and value kind.</summary>
    internal readonly record struct Rendered(string Text, int Level, ValueKind Kind);

    /// <summary>Where an expression is evaluated: its own node (for "." and relative paths) and the repeat row it runs in.</summary>
    internal readonly record struct Scope(FormNode Self, FormNode? Row);

    public Rendered Translate(XExpr e, Scope scope) => e switch
    {
        XNumber n => new Rendered(FormatNumber(n.Value), n.Value < 0 ? Prefix : Atom, decimal.Truncate(n.Value) == n.Value ? ValueKind.Integer : ValueKind.Number),
        XString s => new Rendered(Quote(s.Value), Atom, ValueKind.Text),
        XVariable or XPathRef => Reference(Resolve(e, scope), scope),
        XNegate u => Negate(Translate(u.Operand, scope)),
        XBinary b => Binary(b, scope),
        XCall c => Call(c, scope),
        _ => throw new XPathProblem("この式には対応していません。", "This expression is not supported."),
    };

    public static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string FormatNumber(decimal value) =>
        (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>The node an XLSForm ${name} or an XForm path names.</summary>
    public FormNode Resolve(XExpr e, Scope scope)
    {
        switch (e)
        {
            case XVariable v:
                return _table.ByName(v.Name)
                    ?? throw new XPathProblem($"「${{{v.Name}}}」という名前の質問はありません。", $"There is no question named \"${{{v.Name}}}\".");
            case XPathRef p when p.IsSelf:
                return scope.Self;
            case XPathRef p:
                var segments = p.Absolute ? new List<string>() : scope.Self.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
                foreach (var step in p.Steps)
                {
                    if (step == "..")
                    {
                        if (segments.Count == 0)
                        {
                            throw new XPathProblem("参照がフォームの外を指しています。", "The reference points outside the form.");
                        }

                        segments.RemoveAt(segments.Count - 1);
                    }
                    else if (step != ".")
                    {
                        segments.Add(step);
                    }
                }

                var path = "/" + string.Join('/', segments);
                return _table.ByPath(path)
                    ?? throw new XPathProblem($"参照「{XPathParser.Describe(p)}」（{path}）に当たる質問がありません。", $"The reference \"{XPathParser.Describe(p)}\" ({path}) names no question.");
            default:
                throw new XPathProblem("ここには質問への参照が必要です。", "A reference to a question is needed here.");
        }
    }

    private Rendered Reference(FormNode node, Scope scope)
    {
        var target = _table.Target(node);
        switch (target.Role)
        {
            case TargetRole.Field when target.Repeat is null || target.Repeat == scope.Row:
                return new Rendered(target.Id, Atom, target.Kind);
            case TargetRole.Field:
                throw new XPathProblem(
                    $"「{node.Name}」は繰り返し「{target.Repeat.Name}」の中の質問です。その外からは sum() や count() でしか参照できません。",
                    $"\"{node.Name}\" is inside the repeat \"{target.Repeat.Name}\"; outside its rows it can only be used in sum() or count().");
            case TargetRole.Repeat:
                throw new XPathProblem($"繰り返し「{node.Name}」は count() でしか参照できません。", $"The repeat \"{node.Name}\" can only be used in count().");
            default:
                throw new XPathProblem(
                    $"「{node.Name}」を参照していますが、{target.WhyJa ?? "値を持つ質問ではありません"}。",
                    $"It refers to \"{node.Name}\", {target.WhyEn ?? "which is not a question with a value"}.");
        }
    }

    /// <summary>Both conditions (for a question inside a group whose relevance moves onto it).</summary>
    public static Rendered AndAlso(Rendered? first, Rendered second) =>
        first is { } a ? Infix(a, "and", second, And, ValueKind.Boolean) : second;

    private static string Wrap(Rendered r, int minLevel) => r.Level < minLevel ? "(" + r.Text + ")" : r.Text;

    private static Rendered Negate(Rendered operand) => new("-" + Wrap(operand, Atom), Prefix, operand.Kind == ValueKind.Integer ? ValueKind.Integer : ValueKind.Number);

    private static Rendered Infix(Rendered left, string op, Rendered right, int level, ValueKind kind, bool chains = true) =>
        new($"{Wrap(left, chains ? level : level + 1)} {op} {Wrap(right, level + 1)}", level, kind);

    private static ValueKind Numeric(Rendered a, Rendered b) =>
        a.Kind == ValueKind.Integer && b.Kind == ValueKind.Integer ? ValueKind.Integer : ValueKind.Number;

    private static ValueKind Merge(ValueKind a, ValueKind b) => (a, b) switch
    {
        _ when a == b => a,
        (ValueKind.Integer, ValueKind.Number) or (ValueKind.Number, ValueKind.Integer) => ValueKind.Number,
        (ValueKind.Unknown, _) => b,
        (_, ValueKind.Unknown) => a,
        _ => ValueKind.Unknown,
    };

    private Rendered Binary(XBinary b, Scope scope)
    {
        switch (b.Op)
        {
            case "or":
                return Infix(Translate(b.Left, scope), "or", Translate(b.Right, scope), Or, ValueKind.Boolean);
            case "and":
                return Infix(Translate(b.Left, scope), "and", Translate(b.Right, scope), And, ValueKind.Boolean);
            case "=" or "!=" or "<" or "<=" or ">" or ">=":
                return Compare(b, scope);
            case "+" or "-":
                {
                    var left = Translate(b.Left, scope);
                    var right = Translate(b.Right, scope);
                    if (b.Op == "-" && left.Kind == ValueKind.Date && right.Kind == ValueKind.Date)
                    {
                        return new Rendered($"days({right.Text}, {left.Text})", Atom, ValueKind.Integer);
                    }

                    if (left.Kind == ValueKind.Date || right.Kind == ValueKind.Date)
                    {
                        throw new XPathProblem("日付に日数を足し引きする計算には対応していません。", "Adding days to or subtracting days from a date is not supported.");
                    }

                    return Infix(left, b.Op, right, Additive, Numeric(left, right));
                }

            case "*":
                {
                    var left = Translate(b.Left, scope);
                    var right = Translate(b.Right, scope);
                    return Infix(left, "*", right, Multiplicative, Numeric(left, right));
                }

            case "div":
                return Infix(Translate(b.Left, scope), "/", Translate(b.Right, scope), Multiplicative, ValueKind.Number);
            case "mod":
                {
                    // XPath mod keeps the sign of the dividend: a - b * trunc(a / b).
                    var left = Translate(b.Left, scope);
                    var right = Translate(b.Right, scope);
                    var quotient = Infix(left, "/", right, Multiplicative, ValueKind.Number);
                    var product = Infix(right, "*", Truncate(quotient), Multiplicative, ValueKind.Number);
                    return Infix(left, "-", product, Additive, Numeric(left, right));
                }

            default:
                throw new XPathProblem($"演算子「{b.Op}」には対応していません。", $"The operator \"{b.Op}\" is not supported.");
        }
    }

    /// <summary>XPath int(): towards zero.</summary>
    private static Rendered Truncate(Rendered x) =>
        new($"if({x.Text} < 0, ceil({x.Text}), floor({x.Text}))", Atom, ValueKind.Integer);

    private Rendered Compare(XBinary b, Scope scope)
    {
        if (b.Op is "=" or "!=" && (b.Left is XString { Value: "" } || b.Right is XString { Value: "" }))
        {
            var other = Translate(b.Left is XString { Value: "" } ? b.Right : b.Left, scope);
            var blank = $"isBlank({other.Text})";
            return b.Op == "=" ? new Rendered(blank, Atom, ValueKind.Boolean) : new Rendered($"not({blank})", Not, ValueKind.Boolean);
        }

        var left = CompareOperand(b.Left, b.Right, scope);
        var right = CompareOperand(b.Right, b.Left, scope);
        return Infix(left, b.Op, right, Comparison, ValueKind.Boolean, chains: false);
    }

    /// <summary>A comparison side, with ODK's text spellings made typed: 'OK' of an acknowledgement is true, 'yyyy-mm-dd' beside a date is a date.</summary>
    private Rendered CompareOperand(XExpr side, XExpr other, Scope scope)
    {
        if (side is XString literal && other is XVariable or XPathRef)
        {
            var target = _table.Target(Resolve(other, scope));
            if (target.IsAcknowledge && literal.Value.Equals("OK", StringComparison.OrdinalIgnoreCase))
            {
                return new Rendered("true", Atom, ValueKind.Boolean);
            }

            if (target.Kind == ValueKind.Date && IsoDate().IsMatch(literal.Value))
            {
                return new Rendered($"date({Quote(literal.Value)})", Atom, ValueKind.Date);
            }
        }

        return Translate(side, scope);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    private static void Arity(XCall c, int min, int max)
    {
        if (c.Args.Count < min || c.Args.Count > max)
        {
            var expected = min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min}〜{max}";
            var expectedEn = min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {max}";
            throw new XPathProblem($"{c.Name}() の引数は{expected}個です。", $"{c.Name}() takes {expectedEn} argument(s).");
        }
    }

    private Rendered Call(XCall c, Scope scope)
    {
        switch (c.Name)
        {
            case "true" or "false":
                Arity(c, 0, 0);
                return new Rendered(c.Name, Atom, ValueKind.Boolean);
            case "not":
                Arity(c, 1, 1);
                return new Rendered($"not({Translate(c.Args[0], scope).Text})", Not, ValueKind.Boolean);
            case "if":
                {
                    Arity(c, 3, 3);
                    var then = Translate(c.Args[1], scope);
                    var otherwise = Translate(c.Args[2], scope);
                    return new Rendered($"if({Translate(c.Args[0], scope).Text}, {then.Text}, {otherwise.Text})", Atom, Merge(then.Kind, otherwise.Kind));
                }

            case "coalesce":
                {
                    Arity(c, 2, 2);
                    var first = Translate(c.Args[0], scope);
                    var second = Translate(c.Args[1], scope);
                    return new Rendered($"coalesce({first.Text}, {second.Text})", Atom, Merge(first.Kind, second.Kind));
                }

            case "selected":
                {
                    Arity(c, 2, 2);
                    var node = Resolve(c.Args[0], scope);
                    var field = Reference(node, scope);
                    var value = Translate(c.Args[1], scope);
                    return _table.Target(node).IsSingleChoice
                        ? new Rendered($"{field.Text} = {Wrap(value, Comparison + 1)}", Comparison, ValueKind.Boolean)
                        : new Rendered($"selected({field.Text}, {value.Text})", Atom, ValueKind.Boolean);
                }

            case "count-selected":
                {
                    Arity(c, 1, 1);
                    var field = Translate(c.Args[0], scope);
                    if (field.Kind != ValueKind.Choices)
                    {
                        throw new XPathProblem("count-selected() は複数選択の質問にだけ使えます。", "count-selected() only applies to select_multiple questions.");
                    }

                    return new Rendered($"count({field.Text})", Atom, ValueKind.Integer);
                }

            case "string-length":
                Arity(c, 0, 1);
                return new Rendered($"len({(c.Args.Count == 0 ? Reference(scope.Self, scope) : Translate(c.Args[0], scope)).Text})", Atom, ValueKind.Integer);
            case "concat":
                if (c.Args.Count == 0)
                {
                    return new Rendered("''", Atom, ValueKind.Text);
                }

                var parts = c.Args.Select(a => Translate(a, scope)).ToList();
                return parts.Count == 1
                    ? parts[0] with { Kind = ValueKind.Text }
                    : new Rendered(string.Join(" & ", parts.Select((p, i) => Wrap(p, i == 0 ? Concat : Concat + 1))), Concat, ValueKind.Text);
            case "contains":
                Arity(c, 2, 2);
                return new Rendered($"contains({Translate(c.Args[0], scope).Text}, {Translate(c.Args[1], scope).Text})", Atom, ValueKind.Boolean);
            case "today":
                Arity(c, 0, 0);
                return new Rendered("today()", Atom, ValueKind.Date);
            case "date":
                Arity(c, 1, 1);
                if (c.Args[0] is XString { Value: var iso } && IsoDate().IsMatch(iso) && DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    return new Rendered($"date({Quote(iso)})", Atom, ValueKind.Date);
                }

                var dated = Translate(c.Args[0], scope);
                return dated.Kind == ValueKind.Date
                    ? dated
                    : throw new XPathProblem("date() は「'2026-04-01'」の形の日付か日付の質問にだけ対応しています（日数からの変換は不可）。", "date() is supported only for a literal 'yyyy-mm-dd' or a date question (not for day numbers).");
            case "int" or "floor":
                {
                    Arity(c, 1, 1);
                    if (AgeIdiom(c.Args[0], scope) is { } age)
                    {
                        return age;
                    }

                    var x = Translate(c.Args[0], scope);
                    return c.Name == "int" ? Truncate(x) : new Rendered($"floor({x.Text})", Atom, ValueKind.Integer);
                }

            case "ceiling":
                Arity(c, 1, 1);
                return new Rendered($"ceil({Translate(c.Args[0], scope).Text})", Atom, ValueKind.Integer);
            case "abs":
                {
                    Arity(c, 1, 1);
                    var x = Translate(c.Args[0], scope);
                    return new Rendered($"abs({x.Text})", Atom, x.Kind == ValueKind.Integer ? ValueKind.Integer : ValueKind.Number);
                }

            case "round":
                {
                    Arity(c, 1, 2);
                    var x = Translate(c.Args[0], scope);
                    var digits = c.Args.Count == 2 ? Translate(c.Args[1], scope) : new Rendered("0", Atom, ValueKind.Integer);
                    return new Rendered($"round({x.Text}, {digits.Text})", Atom, digits.Text == "0" ? ValueKind.Integer : ValueKind.Number);
                }

            case "min" or "max":
                {
                    if (c.Args.Count < 2)
                    {
                        throw new XPathProblem($"{c.Name}() は2つ以上の値を並べる形にだけ対応しています（繰り返しの列の最小・最大は不可）。", $"{c.Name}() is supported only with two or more values (not over a repeat's column).");
                    }

                    var args = c.Args.Select(a => Translate(a, scope)).ToList();
                    return new Rendered($"{c.Name}({string.Join(", ", args.Select(a => a.Text))})", Atom, args.Select(a => a.Kind).Aggregate(Merge));
                }

            case "sum":
                {
                    Arity(c, 1, 1);
                    var node = Resolve(c.Args[0], scope);
                    var target = _table.Target(node);
                    if (target.Role == TargetRole.Field && target.Repeat is { } repeat && _table.Target(repeat) is { Role: TargetRole.Repeat } rows)
                    {
                        return new Rendered($"sum({rows.Id}.{target.Id})", Atom, target.Kind == ValueKind.Integer ? ValueKind.Integer : ValueKind.Number);
                    }

                    var single = Reference(node, scope);
                    return new Rendered($"coalesce({single.Text}, 0)", Atom, single.Kind == ValueKind.Integer ? ValueKind.Integer : ValueKind.Number);
                }

            case "count":
                {
                    Arity(c, 1, 1);
                    var node = Resolve(c.Args[0], scope);
                    var target = _table.Target(node);
                    var rows = target.Role == TargetRole.Repeat ? target
                        : target is { Role: TargetRole.Field, Repeat: { } repeat } ? _table.Target(repeat)
                        : null;
                    if (rows is not { Role: TargetRole.Repeat })
                    {
                        throw new XPathProblem("count() は繰り返し（またはその中の質問）の行数を数える形にだけ対応しています。", "count() is supported only for counting the rows of a repeat (or of a question inside one).");
                    }

                    return new Rendered($"count({rows.Id})", Atom, ValueKind.Integer);
                }

            case "number":
                {
                    Arity(c, 1, 1);
                    var x = Translate(c.Args[0], scope);
                    return x.Kind is ValueKind.Integer or ValueKind.Number
                        ? x
                        : throw new XPathProblem("number() は数値の質問か数値にだけ対応しています。", "number() is supported only for numeric questions and numbers.");
                }

            case "string":
                {
                    Arity(c, 1, 1);
                    var x = Translate(c.Args[0], scope);
                    return x.Kind == ValueKind.Text
                        ? x
                        : throw new XPathProblem("string() は文字の質問か文字列にだけ対応しています。", "string() is supported only for text questions and text.");
                }

            case "regex":
                throw new XPathProblem(
                    "regex() は、制約が「regex(., '…')」（他の条件と and で並べても可）のときだけ入力形式（pattern）に変換できます。",
                    "regex() can only be translated when the constraint is regex(., '…') (possibly joined with others by and): it becomes the field's pattern.");
            default:
                throw new XPathProblem($"関数 {c.Name}() には対応していません。", $"The function {c.Name}() is not supported.");
        }
    }

    /// <summary>int((today() - ${dob}) div 365.25) and its variants: the age in whole years.</summary>
    private Rendered? AgeIdiom(XExpr e, Scope scope)
    {
        if (e is XBinary { Op: "div", Left: XBinary { Op: "-", Left: XCall { Name: "today", Args.Count: 0 }, Right: var born }, Right: XNumber { Value: 365m or 365.25m or 365.2425m } })
        {
            var date = Translate(born, scope);
            if (date.Kind == ValueKind.Date)
            {
                return new Rendered($"age({date.Text})", Atom, ValueKind.Integer);
            }
        }

        return null;
    }
}
