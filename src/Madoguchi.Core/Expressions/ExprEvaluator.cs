using System.Globalization;

namespace Madoguchi.Core.Expressions;

/// <summary>
/// Evaluates a parsed (and type-checked) expression. Never throws for data: division by zero, numbers of 10^18 or
/// more, invalid dates and values of the wrong type give an <see cref="ExprEvalError"/>, and the result's value is
/// then null. <c>and</c>, <c>or</c>, <c>if</c> and <c>coalesce</c> evaluate only what they need; every other
/// operator and function evaluates all its operands, left to right.
/// </summary>
public static class ExprEvaluator
{
    private const int MaxDayShift = 3_652_059;

    public static ExprResult Evaluate(Expr expr, ExprEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(environment);
        try
        {
            return ExprResult.Success(Eval(expr, environment));
        }
        catch (EvaluationFailure failure)
        {
            return ExprResult.Failure(failure.Error);
        }
    }

    /// <summary>Evaluates a condition (visibleWhen, requiredWhen, a check): true only for <c>true</c>; null and errors are false.</summary>
    public static bool IsTrue(Expr expr, ExprEnvironment environment) => Evaluate(expr, environment).Value is BoolValue { Value: true };

    private static ExprValue Eval(Expr expr, ExprEnvironment env)
    {
        switch (expr)
        {
            case NumberLiteral n:
                return n.Value.Scale <= ExprNumber.MaxDecimals && ExprNumber.InRange(n.Value)
                    ? new NumberValue(n.Value)
                    : ExprNumber.TryNormalize(n.Value, out var literal) ? new NumberValue(literal) : throw TooLarge(n);
            case TextLiteral t:
                return new TextValue(t.Value);
            case BoolLiteral b:
                return ExprValue.Bool(b.Value);
            case NullLiteral:
                return ExprValue.Null;
            case FieldRef f:
                return env.Row is { } row && row.Fields.TryGetValue(f.Name, out var own) ? own : env.Values.Get(f.Name);
            case MemberAccess m:
                return Member(m, Eval(m.Target, env));
            case UnaryExpr { Operator: UnaryOperator.Not } u:
                return ExprValue.Bool(!Truthy(Eval(u.Operand, env), u));
            case UnaryExpr u:
                return Eval(u.Operand, env) switch
                {
                    NullValue => ExprValue.Null,
                    NumberValue v => new NumberValue(v.Value == 0m ? 0m : -v.Value),
                    _ => throw WrongType(u),
                };
            case BinaryExpr { Operator: BinaryOperator.And } b:
                return ExprValue.Bool(Truthy(Eval(b.Left, env), b) && Truthy(Eval(b.Right, env), b));
            case BinaryExpr { Operator: BinaryOperator.Or } b:
                return ExprValue.Bool(Truthy(Eval(b.Left, env), b) || Truthy(Eval(b.Right, env), b));
            case BinaryExpr b:
                return Binary(b, Eval(b.Left, env), Eval(b.Right, env));
            case CallExpr c:
                return Call(c, env);
            default:
                throw new ArgumentException("Unknown expression node " + expr.GetType().Name, nameof(expr));
        }
    }

    private static ExprValue Member(MemberAccess m, ExprValue target)
    {
        switch (target)
        {
            case NullValue:
                return ExprValue.Null;
            case RecordValue r:
                return r.Fields.TryGetValue(m.Member, out var value) ? value : ExprValue.Null;
            case ListValue list:
                var items = new List<ExprValue>(list.Items.Count);
                foreach (var item in list.Items)
                {
                    switch (Member(m, item))
                    {
                        case ListValue inner:
                            items.AddRange(inner.Items);
                            break;
                        case var v:
                            items.Add(v);
                            break;
                    }
                }

                return new ListValue(items);
            default:
                throw WrongType(m);
        }
    }

    private static ExprValue Binary(BinaryExpr b, ExprValue left, ExprValue right)
    {
        switch (b.Operator)
        {
            case BinaryOperator.Concat:
                return new TextValue(ToText(left, b) + ToText(right, b));
            case BinaryOperator.Equal:
                return ExprValue.Bool(AreEqual(left, right, b));
            case BinaryOperator.NotEqual:
                return ExprValue.Bool(!AreEqual(left, right, b));
            case BinaryOperator.Less:
                return ExprValue.Bool(Compare(left, right, b) is < 0);
            case BinaryOperator.LessOrEqual:
                return ExprValue.Bool(Compare(left, right, b) is <= 0);
            case BinaryOperator.Greater:
                return ExprValue.Bool(Compare(left, right, b) is > 0);
            case BinaryOperator.GreaterOrEqual:
                return ExprValue.Bool(Compare(left, right, b) is >= 0);
        }

        if (left is not (NumberValue or NullValue) || right is not (NumberValue or NullValue))
        {
            throw WrongType(b);
        }

        if (left is not NumberValue l || right is not NumberValue r)
        {
            return ExprValue.Null;
        }

        if (r.Value == 0m && b.Operator is BinaryOperator.Divide or BinaryOperator.Modulo)
        {
            throw Failure("division-by-zero", b, ExprMessages.DivisionByZero());
        }

        return NumberResult(b.Operator switch
        {
            BinaryOperator.Add => ExprNumber.Add(l.Value, r.Value),
            BinaryOperator.Subtract => ExprNumber.Subtract(l.Value, r.Value),
            BinaryOperator.Multiply => ExprNumber.Multiply(l.Value, r.Value),
            BinaryOperator.Divide => ExprNumber.Divide(l.Value, r.Value),
            _ => ExprNumber.Modulo(l.Value, r.Value),
        }, b);
    }

    private static bool AreEqual(ExprValue left, ExprValue right, Expr at) => (left, right) switch
    {
        (NullValue, _) or (_, NullValue) => left is NullValue && right is NullValue,
        (NumberValue l, NumberValue r) => l.Value == r.Value,
        (TextValue l, TextValue r) => string.Equals(l.Value, r.Value, StringComparison.Ordinal),
        (BoolValue l, BoolValue r) => l.Value == r.Value,
        (DateValue l, DateValue r) => l.Value == r.Value,
        _ => throw WrongType(at),
    };

    /// <summary>Ordering of two values of one kind; null when either is blank (every ordering is then false).</summary>
    private static int? Compare(ExprValue left, ExprValue right, Expr at) => (left, right) switch
    {
        (NullValue, _) or (_, NullValue) => null,
        (NumberValue l, NumberValue r) => l.Value.CompareTo(r.Value),
        (TextValue l, TextValue r) => Math.Sign(string.CompareOrdinal(l.Value, r.Value)),
        (DateValue l, DateValue r) => l.Value.CompareTo(r.Value),
        _ => throw WrongType(at),
    };

    private static bool Truthy(ExprValue value, Expr at) => value switch
    {
        BoolValue b => b.Value,
        NullValue => false,
        _ => throw WrongType(at),
    };

    private static string ToText(ExprValue value, Expr at) => value switch
    {
        NullValue => "",
        TextValue t => t.Value,
        NumberValue or DateValue => value.ToString(),
        _ => throw WrongType(at),
    };

    private static ExprValue Call(CallExpr c, ExprEnvironment env)
    {
        var a = c.Arguments;
        if (!ExprFunctions.TryGet(c.Name, out var name, out var min, out var max))
        {
            throw Failure("unknown-function", c, ExprMessages.UnknownFunction(c.Name));
        }

        if (!ExprFunctions.AcceptsCount(name, min, max, a.Count))
        {
            throw Failure("wrong-arity", c, ExprMessages.WrongArity(name, min, max, a.Count));
        }

        // The lazy ones first: only the branch or value needed is evaluated.
        if (name == "if")
        {
            return Truthy(Eval(a[0], env), c) ? Eval(a[1], env) : Eval(a[2], env);
        }

        if (name == "coalesce")
        {
            foreach (var argument in a)
            {
                var value = Eval(argument, env);
                if (value is not NullValue)
                {
                    return value;
                }
            }

            return ExprValue.Null;
        }

        var v = new ExprValue[a.Count];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = Eval(a[i], env);
        }

        switch (name)
        {
            case "sum" or "avg":
                return SumOrAverage(c, v, name == "avg");
            case "min" or "max":
                return MinOrMax(c, v, name == "max");
            case "count":
                return v[0] switch
                {
                    NullValue => new NumberValue(0m),
                    ListValue list => new NumberValue(CountNonBlank(list)),
                    _ => throw WrongType(c),
                };
            case "isBlank":
                return ExprValue.Bool(IsBlank(v[0]));
            case "len":
                return v[0] switch
                {
                    NullValue => new NumberValue(0m),
                    TextValue t => new NumberValue(TextElements(t.Value)),
                    _ => throw WrongType(c),
                };
            case "contains":
                return AnyNull(v) ? ExprValue.False : ExprValue.Bool(Text(v[0], c).Contains(Text(v[1], c), StringComparison.Ordinal));
            case "selected":
                return Selected(c, v[0], v[1]);
            case "today":
                return new DateValue(env.Today);
            case "date":
                return MakeDate(c, v);
            case "age":
                return Age(c, v.Length == 2 ? v : [v[0], new DateValue(env.Today)]);
        }

        if (AnyNull(v))
        {
            return ExprValue.Null;
        }

        switch (name)
        {
            case "round":
                var digits = v.Length == 2 ? Number(v[1], c) : 0m;
                if (digits != decimal.Truncate(digits) || digits is < -17 or > ExprNumber.MaxDecimals)
                {
                    throw Failure("invalid-argument", c, ExprMessages.RoundDigits());
                }

                return NumberResult(ExprNumber.Round(Number(v[0], c), (int)digits), c);
            case "floor":
                return NumberResult(ExprNumber.Floor(Number(v[0], c)), c);
            case "ceil":
                return NumberResult(ExprNumber.Ceiling(Number(v[0], c)), c);
            case "abs":
                return new NumberValue(Math.Abs(Number(v[0], c)));
            case "year":
                return new NumberValue(Date(v[0], c).Year);
            case "month":
                return new NumberValue(Date(v[0], c).Month);
            case "day":
                return new NumberValue(Date(v[0], c).Day);
            case "days":
                return new NumberValue(Date(v[1], c).DayNumber - Date(v[0], c).DayNumber);
            case "addDays":
                var start = Date(v[0], c);
                var shift = Whole(Number(v[1], c), c);
                return Math.Abs(shift) <= MaxDayShift && start.DayNumber + shift is var day && day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber
                    ? new DateValue(DateOnly.FromDayNumber((int)day))
                    : throw Failure("date-out-of-range", c, ExprMessages.DateOutOfRange());
            default: // addMonths
                var from = Date(v[0], c);
                var months = Whole(Number(v[1], c), c);
                return (Math.Abs(months) <= 120_000 ? ExprDates.AddMonths(from, months) : null) is { } moved
                    ? new DateValue(moved)
                    : throw Failure("date-out-of-range", c, ExprMessages.DateOutOfRange());
        }
    }

    private static ExprValue SumOrAverage(CallExpr c, ExprValue[] values, bool average)
    {
        Int128 total = 0;
        var count = 0;
        foreach (var value in values)
        {
            if (value is ListValue list)
            {
                foreach (var item in list.Items)
                {
                    Add(item);
                }
            }
            else
            {
                Add(value);
            }
        }

        if (average)
        {
            return count == 0 ? ExprValue.Null : new NumberValue(ExprNumber.Mean(total, count));
        }

        return NumberResult(ExprNumber.FromScaledChecked(total), c);

        void Add(ExprValue item)
        {
            switch (item)
            {
                case NullValue:
                    return;
                case NumberValue n:
                    total += ExprNumber.ToScaled(n.Value);
                    count++;
                    return;
                default:
                    throw WrongType(c);
            }
        }
    }

    private static ExprValue MinOrMax(CallExpr c, ExprValue[] values, bool max)
    {
        ExprValue? best = null;
        foreach (var value in values)
        {
            if (value is ListValue list)
            {
                foreach (var item in list.Items)
                {
                    Consider(item);
                }
            }
            else
            {
                Consider(value);
            }
        }

        return best ?? ExprValue.Null;

        void Consider(ExprValue item)
        {
            if (item is NullValue)
            {
                return;
            }

            if (item is not (NumberValue or DateValue) || (best is not null && best.GetType() != item.GetType()))
            {
                throw WrongType(c);
            }

            if (best is null || (Compare(item, best, c) is var order && (max ? order > 0 : order < 0)))
            {
                best = item;
            }
        }
    }

    private static BoolValue Selected(CallExpr c, ExprValue choice, ExprValue option)
    {
        if (choice is NullValue || option is NullValue)
        {
            return ExprValue.False;
        }

        var wanted = Text(option, c);
        switch (choice)
        {
            case TextValue t:
                return ExprValue.Bool(string.Equals(t.Value, wanted, StringComparison.Ordinal));
            case ListValue list:
                foreach (var item in list.Items)
                {
                    if (item is TextValue ticked && string.Equals(ticked.Value, wanted, StringComparison.Ordinal))
                    {
                        return ExprValue.True;
                    }

                    if (item is not (TextValue or NullValue))
                    {
                        throw WrongType(c);
                    }
                }

                return ExprValue.False;
            default:
                throw WrongType(c);
        }
    }

    private static ExprValue MakeDate(CallExpr c, ExprValue[] v)
    {
        if (AnyNull(v))
        {
            return ExprValue.Null;
        }

        if (v.Length == 1)
        {
            var text = Text(v[0], c);
            return ExprDates.Parse(text) is { } parsed
                ? new DateValue(parsed)
                : throw Failure("invalid-date", c, ExprMessages.InvalidDate(text));
        }

        var (y, m, d) = (Number(v[0], c), Number(v[1], c), Number(v[2], c));
        var whole = y == decimal.Truncate(y) && m == decimal.Truncate(m) && d == decimal.Truncate(d)
            && Math.Abs(y) < 100_000 && Math.Abs(m) < 100 && Math.Abs(d) < 100;
        return (whole ? ExprDates.Create((int)y, (int)m, (int)d) : null) is { } date
            ? new DateValue(date)
            : throw Failure("invalid-date", c, ExprMessages.InvalidDate($"{ExprNumber.Format(y)}-{ExprNumber.Format(m)}-{ExprNumber.Format(d)}"));
    }

    private static ExprValue Age(CallExpr c, ExprValue[] v)
    {
        if (AnyNull(v))
        {
            return ExprValue.Null;
        }

        return ExprDates.Age(Date(v[0], c), Date(v[1], c)) is { } years
            ? new NumberValue(years)
            : throw Failure("invalid-argument", c, ExprMessages.BirthAfterDate());
    }

    /// <summary>User-perceived characters (extended grapheme clusters, as the browser's Intl.Segmenter counts them).</summary>
    private static int TextElements(string text)
    {
        var span = text.AsSpan();
        var count = 0;
        while (!span.IsEmpty)
        {
            // Printable ASCII followed by printable ASCII is always a cluster of its own.
            var length = span.Length > 1 && span[0] is >= ' ' and <= '~' && span[1] is >= ' ' and <= '~'
                ? 1
                : StringInfo.GetNextTextElementLength(span);
            span = span[length..];
            count++;
        }

        return count;
    }

    private static bool IsBlank(ExprValue value) => value switch
    {
        NullValue => true,
        TextValue t => t.Value.All(ch => ch is ' ' or '\t' or '\r' or '\n' or '\u3000' or '\u00A0'),
        ListValue list => list.Items.All(IsBlank),
        RecordValue record => record.Fields.Values.All(IsBlank),
        _ => false,
    };

    private static int CountNonBlank(ListValue list)
    {
        var count = 0;
        foreach (var item in list.Items)
        {
            count += item is NullValue ? 0 : 1;
        }

        return count;
    }

    private static bool AnyNull(ExprValue[] values)
    {
        foreach (var value in values)
        {
            if (value is NullValue)
            {
                return true;
            }
        }

        return false;
    }

    private static decimal Number(ExprValue value, Expr at) => value is NumberValue n ? n.Value : throw WrongType(at);

    private static string Text(ExprValue value, Expr at) => value is TextValue t ? t.Value : throw WrongType(at);

    private static DateOnly Date(ExprValue value, Expr at) => value is DateValue d ? d.Value : throw WrongType(at);

    private static long Whole(decimal value, Expr at) =>
        value == decimal.Truncate(value) && Math.Abs(value) < 1_000_000_000m
            ? (long)value
            : value == decimal.Truncate(value)
                ? throw Failure("date-out-of-range", at, ExprMessages.DateOutOfRange())
                : throw Failure("invalid-argument", at, ExprMessages.WholeNumberNeeded(((CallExpr)at).Name));

    private static NumberValue NumberResult(decimal? value, Expr at) => value is { } v ? new NumberValue(v) : throw TooLarge(at);

    private static EvaluationFailure TooLarge(Expr at) => Failure("number-too-large", at, ExprMessages.ResultTooLarge());

    private static EvaluationFailure WrongType(Expr at) => Failure("type-mismatch", at, ExprMessages.WrongValueType());

    private static EvaluationFailure Failure(string code, Expr at, Bilingual message) =>
        new(new ExprEvalError(code, at.Start, at.Length, message.Ja, message.En));

    private sealed class EvaluationFailure(ExprEvalError error) : Exception(error.MessageEn)
    {
        public ExprEvalError Error { get; } = error;
    }
}
