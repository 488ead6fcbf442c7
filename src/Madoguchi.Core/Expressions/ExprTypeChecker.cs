namespace Madoguchi.Core.Expressions;

/// <summary>The outcome of <see cref="ExprTypeChecker.Check"/>: the result type and every problem found.</summary>
public sealed record TypeCheckResult(ExprType Type, IReadOnlyList<ExprDiagnostic> Errors)
{
    public bool Success => Errors.Count == 0;
}

/// <summary>
/// Checks an expression against a form's fields and infers its type. Reports unknown fields, members and functions,
/// wrong argument counts and type mismatches, in the order they occur in the tree (left to right, operands before
/// their operator). After an error the offending part has type <see cref="ExprType.Unknown"/>, which fits
/// everywhere, so one mistake is reported once. The caller checks the result type (a visibleWhen must be bool,
/// a calculate must fit its field).
/// </summary>
public sealed class ExprTypeChecker
{
    private readonly IExprSchema _schema;
    private readonly ExprType? _row;
    private readonly List<ExprDiagnostic> _errors = [];

    private ExprTypeChecker(IExprSchema schema, ExprType? row)
    {
        _schema = schema;
        _row = row;
    }

    /// <param name="expr">A parsed expression.</param>
    /// <param name="schema">The form's fields.</param>
    /// <param name="rowGroup">
    /// The repeat group whose row the expression is evaluated in, or null. Inside a row a bare id is first looked up
    /// among the row's fields, then among the top-level fields.
    /// </param>
    public static TypeCheckResult Check(Expr expr, IExprSchema schema, string? rowGroup = null)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(schema);
        ExprType? row = null;
        if (rowGroup is not null)
        {
            row = schema.TypeOf(rowGroup) is { Kind: ExprTypeKind.List, Element: { Kind: ExprTypeKind.Record } element }
                ? element
                : throw new ArgumentException($"'{rowGroup}' is not a repeat group (a list of records) in the schema.", nameof(rowGroup));
        }

        var checker = new ExprTypeChecker(schema, row);
        var type = checker.Visit(expr);
        return new TypeCheckResult(type, checker._errors);
    }

    private ExprType Visit(Expr expr) => expr switch
    {
        NumberLiteral => ExprType.Number,
        TextLiteral => ExprType.Text,
        BoolLiteral => ExprType.Bool,
        NullLiteral => ExprType.Null,
        FieldRef f => VisitField(f),
        MemberAccess m => VisitMember(m),
        UnaryExpr u => VisitUnary(u),
        BinaryExpr b => VisitBinary(b),
        CallExpr c => VisitCall(c),
        _ => throw new ArgumentException("Unknown expression node " + expr.GetType().Name, nameof(expr)),
    };

    private ExprType VisitField(FieldRef f)
    {
        if (_row?.Member(f.Name) is { } member)
        {
            return member;
        }

        if (_schema.TypeOf(f.Name) is { } type)
        {
            return type;
        }

        var message = ExprMessages.UnknownField(f.Name);
        return Error("unknown-field", f, message);
    }

    private ExprType VisitMember(MemberAccess m)
    {
        var target = Visit(m.Target);
        if (target.Kind == ExprTypeKind.Unknown)
        {
            return ExprType.Unknown;
        }

        var record = target.Kind == ExprTypeKind.List ? target.Element! : target;
        if (record.Member(m.Member) is not { } member)
        {
            var message = ExprMessages.UnknownMember(ExprPrinter.Print(m.Target), m.Member);
            return Error("unknown-member", m, message);
        }

        if (target.Kind != ExprTypeKind.List)
        {
            return member;
        }

        // A column of a repeat group is a list; a list-valued column (nested group, multiple choice) is flattened.
        return member.Kind == ExprTypeKind.List ? member : ExprType.ListOf(member);
    }

    private ExprType VisitUnary(UnaryExpr u)
    {
        var operand = Visit(u.Operand);
        if (u.Operator == UnaryOperator.Not)
        {
            Expect(IsBoolish(operand), u.Operand, operand, ExprMessages.Operator("not"), ExprMessages.NeedBool);
            return ExprType.Bool;
        }

        Expect(IsNumeric(operand), u.Operand, operand, ExprMessages.Operator("-"), ExprMessages.NeedNumber);
        return ExprType.Number;
    }

    private ExprType VisitBinary(BinaryExpr b)
    {
        var left = Visit(b.Left);
        var right = Visit(b.Right);
        var symbol = ExprPrinter.Symbol(b.Operator);
        var what = ExprMessages.Operator(symbol);
        switch (b.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                Expect(IsBoolish(left), b.Left, left, what, ExprMessages.NeedBool);
                Expect(IsBoolish(right), b.Right, right, what, ExprMessages.NeedBool);
                return ExprType.Bool;
            case BinaryOperator.Concat:
                Expect(IsConcatenable(left), b.Left, left, what, ExprMessages.NeedConcatenable);
                Expect(IsConcatenable(right), b.Right, right, what, ExprMessages.NeedConcatenable);
                return ExprType.Text;
            case BinaryOperator.Equal or BinaryOperator.NotEqual:
                if (!IsEquatable(left, right))
                {
                    Error("type-mismatch", b, ExprMessages.NotComparable(symbol, left, right));
                }

                return ExprType.Bool;
            case BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                if (!IsOrderable(left, right))
                {
                    Error("type-mismatch", b, ExprMessages.NotComparable(symbol, left, right));
                }

                return ExprType.Bool;
            default:
                Expect(IsNumeric(left), b.Left, left, what, ExprMessages.NeedNumber);
                Expect(IsNumeric(right), b.Right, right, what, ExprMessages.NeedNumber);
                return ExprType.Number;
        }
    }

    private ExprType VisitCall(CallExpr c)
    {
        var arguments = c.Arguments;
        if (!ExprFunctions.TryGet(c.Name, out var name, out var min, out var max))
        {
            Error("unknown-function", c.Start, c.Name.Length, ExprMessages.UnknownFunction(c.Name));
            VisitAll(arguments);
            return ExprType.Unknown;
        }

        if (!ExprFunctions.AcceptsCount(name, min, max, arguments.Count))
        {
            Error("wrong-arity", c, ExprMessages.WrongArity(name, min, max, arguments.Count));
            VisitAll(arguments);
            return ExprType.Unknown;
        }

        var types = VisitAll(arguments);
        switch (name)
        {
            case "if":
                Argument(c, types, 0, IsBoolish, ExprMessages.NeedBool);
                return Unify(c, types, 1);
            case "coalesce":
                return Unify(c, types, 0);
            case "min" or "max":
                return CheckMinMax(c, types);
            case "sum" or "avg":
                for (var i = 0; i < types.Length; i++)
                {
                    Argument(c, types, i, t => IsNumeric(ElementOrSelf(t)), ExprMessages.NeedNumbers);
                }

                return ExprType.Number;
            case "count":
                Argument(c, types, 0, t => t.Kind is ExprTypeKind.List or ExprTypeKind.Null or ExprTypeKind.Unknown, ExprMessages.NeedList);
                return ExprType.Number;
            case "round" or "floor" or "ceil" or "abs":
                for (var i = 0; i < types.Length; i++)
                {
                    Argument(c, types, i, IsNumeric, ExprMessages.NeedNumber);
                }

                return ExprType.Number;
            case "len":
                Argument(c, types, 0, IsTextish, ExprMessages.NeedText);
                return ExprType.Number;
            case "isBlank":
                return ExprType.Bool;
            case "selected":
                Argument(c, types, 0, t => IsTextish(ElementOrSelf(t)), ExprMessages.NeedChoice);
                Argument(c, types, 1, IsTextish, ExprMessages.NeedText);
                return ExprType.Bool;
            case "contains":
                Argument(c, types, 0, IsTextish, ExprMessages.NeedText);
                Argument(c, types, 1, IsTextish, ExprMessages.NeedText);
                return ExprType.Bool;
            case "today":
                return ExprType.Date;
            case "date":
                if (types.Length == 1)
                {
                    if (Argument(c, types, 0, IsTextish, ExprMessages.NeedText)
                        && arguments[0] is TextLiteral literal && ExprDates.Parse(literal.Value) is null)
                    {
                        Error("invalid-date", literal, ExprMessages.InvalidDateLiteral(literal.Value));
                    }
                }
                else
                {
                    for (var i = 0; i < types.Length; i++)
                    {
                        Argument(c, types, i, IsNumeric, ExprMessages.NeedNumber);
                    }
                }

                return ExprType.Date;
            case "year" or "month" or "day":
                Argument(c, types, 0, IsDateish, ExprMessages.NeedDate);
                return ExprType.Number;
            case "addDays" or "addMonths":
                Argument(c, types, 0, IsDateish, ExprMessages.NeedDate);
                Argument(c, types, 1, IsNumeric, ExprMessages.NeedNumber);
                return ExprType.Date;
            default: // days, age
                for (var i = 0; i < types.Length; i++)
                {
                    Argument(c, types, i, IsDateish, ExprMessages.NeedDate);
                }

                return ExprType.Number;
        }
    }

    private ExprType CheckMinMax(CallExpr c, ExprType[] types)
    {
        ExprType? kind = null;
        for (var i = 0; i < types.Length; i++)
        {
            var t = ElementOrSelf(types[i]);
            if (t.Kind is ExprTypeKind.Null or ExprTypeKind.Unknown)
            {
                continue;
            }

            if (t.Kind is ExprTypeKind.Number or ExprTypeKind.Date && (kind is null || kind.Equals(t)))
            {
                kind = t;
                continue;
            }

            Error("type-mismatch", c.Arguments[i], ExprMessages.Mismatch(ExprMessages.Argument(c.Name, i + 1), ExprMessages.NeedNumbersOrDates, types[i]));
        }

        return kind ?? ExprType.Number;
    }

    /// <summary>The common type of the arguments from <paramref name="from"/> on (if's branches, coalesce's values).</summary>
    private ExprType Unify(CallExpr c, ExprType[] types, int from)
    {
        var result = types[from];
        for (var i = from + 1; i < types.Length; i++)
        {
            if (Unify(result, types[i]) is { } unified)
            {
                result = unified;
            }
            else
            {
                Error("type-mismatch", c.Arguments[i], ExprMessages.NotSameType(c.Name, result, types[i]));
            }
        }

        return result;
    }

    private static ExprType? Unify(ExprType a, ExprType b)
    {
        if (a.Kind is ExprTypeKind.Unknown or ExprTypeKind.Null)
        {
            return b;
        }

        if (b.Kind is ExprTypeKind.Unknown or ExprTypeKind.Null || a.Equals(b))
        {
            return a;
        }

        return a.Kind == ExprTypeKind.List && b.Kind == ExprTypeKind.List && Unify(a.Element!, b.Element!) is { } element
            ? ExprType.ListOf(element)
            : null;
    }

    private ExprType[] VisitAll(IReadOnlyList<Expr> arguments)
    {
        var types = new ExprType[arguments.Count];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = Visit(arguments[i]);
        }

        return types;
    }

    private bool Argument(CallExpr c, ExprType[] types, int index, Func<ExprType, bool> accepts, Bilingual expected) =>
        Expect(accepts(types[index]), c.Arguments[index], types[index], ExprMessages.Argument(c.Name, index + 1), expected);

    private bool Expect(bool ok, Expr at, ExprType actual, Bilingual what, Bilingual expected)
    {
        if (!ok)
        {
            Error("type-mismatch", at, ExprMessages.Mismatch(what, expected, actual));
        }

        return ok;
    }

    private ExprType Error(string code, Expr at, Bilingual message) => Error(code, at.Start, at.Length, message);

    private ExprType Error(string code, int start, int length, Bilingual message)
    {
        _errors.Add(new ExprDiagnostic(ExprErrorKind.Type, code, start, length, message.Ja, message.En));
        return ExprType.Unknown;
    }

    private static ExprType ElementOrSelf(ExprType t) => t.Kind == ExprTypeKind.List ? t.Element! : t;

    private static bool IsLoose(ExprType t) => t.Kind is ExprTypeKind.Null or ExprTypeKind.Unknown;

    private static bool IsNumeric(ExprType t) => IsLoose(t) || t.Kind == ExprTypeKind.Number;

    private static bool IsBoolish(ExprType t) => IsLoose(t) || t.Kind == ExprTypeKind.Bool;

    private static bool IsTextish(ExprType t) => IsLoose(t) || t.Kind == ExprTypeKind.Text;

    private static bool IsDateish(ExprType t) => IsLoose(t) || t.Kind == ExprTypeKind.Date;

    private static bool IsConcatenable(ExprType t) => IsLoose(t) || t.Kind is ExprTypeKind.Text or ExprTypeKind.Number or ExprTypeKind.Date;

    private static bool IsPrimitive(ExprType t) => t.Kind is ExprTypeKind.Number or ExprTypeKind.Text or ExprTypeKind.Bool or ExprTypeKind.Date;

    private static bool IsEquatable(ExprType a, ExprType b) =>
        IsLoose(a) || IsLoose(b) || (IsPrimitive(a) && a.Kind == b.Kind);

    private static bool IsOrderable(ExprType a, ExprType b)
    {
        bool Ordered(ExprType t) => t.Kind is ExprTypeKind.Number or ExprTypeKind.Text or ExprTypeKind.Date;
        return (IsLoose(a) && (IsLoose(b) || Ordered(b))) || (IsLoose(b) && Ordered(a)) || (Ordered(a) && a.Kind == b.Kind);
    }
}
