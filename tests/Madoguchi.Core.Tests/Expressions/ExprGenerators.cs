using CsCheck;
using Madoguchi.Core.Expressions;

namespace Madoguchi.Core.Tests.Expressions;

/// <summary>Random trees and values for the property tests.</summary>
internal static class ExprGenerators
{
    public static readonly string[] FieldNames = ["a", "b", "income", "name", "agreed", "birth", "options", "applicant", "invoices", "amount", "x_1", "Z9"];

    private static readonly string[] _members = ["family", "amount", "pref", "birth", "tax", "x"];

    private static readonly string[] _callNames = [.. ExprFunctions.Names, "foo", "Sum2"];

    private static readonly BinaryOperator[] _binaryOperators = Enum.GetValues<BinaryOperator>();

    private static readonly decimal[] _powersOfTen = [.. Enumerable.Range(0, 11).Select(i => (decimal)Math.Pow(10, i))];

    /// <summary>A number of the language: up to 18 integer digits and 10 decimals, of any sign when <paramref name="signed"/>.</summary>
    public static Gen<decimal> Number(bool signed) =>
        Gen.Select(Gen.Int[0, 18], Gen.Long[0, 999_999_999_999_999_999], Gen.Int[0, 10], Gen.Long[0, 9_999_999_999], Gen.Bool,
            (integerDigits, integer, decimals, fraction, negative) =>
            {
                var whole = integerDigits == 18 ? integer : integer % (long)Math.Pow(10, integerDigits);
                var part = fraction % (long)_powersOfTen[decimals] / _powersOfTen[decimals];
                var value = whole + part;
                return signed && negative ? -value : value;
            });

    private static readonly Gen<string> _text =
        Gen.Char["ab '\"\n\\あア𠮷\uD842\u3000＋"].Array[0, 6].Select(chars => new string(chars));

    private static readonly Gen<Expr> _leaf = Gen.Frequency(
        (3, Number(signed: false).Select(v => (Expr)new NumberLiteral(v))),
        (2, _text.Select(t => (Expr)new TextLiteral(t))),
        (1, Gen.Bool.Select(b => (Expr)new BoolLiteral(b))),
        (1, Gen.Const((Expr)new NullLiteral())),
        (4, Gen.OneOf(FieldNames).Select(n => (Expr)new FieldRef(n))));

    /// <summary>Any tree the parser can produce (well-typed or not), at most <paramref name="depth"/> levels deep.</summary>
    public static Gen<Expr> Tree(int depth)
    {
        var gen = _leaf;
        for (var level = 0; level < depth; level++)
        {
            var inner = gen;
            gen = Gen.Frequency(
                (3, _leaf),
                (1, Gen.Select(Gen.Bool, inner, (not, operand) => (Expr)new UnaryExpr(not ? UnaryOperator.Not : UnaryOperator.Negate, operand))),
                (4, Gen.Select(Gen.OneOf(_binaryOperators), inner, inner, (op, left, right) => (Expr)new BinaryExpr(op, left, right))),
                (1, Gen.Select(inner, Gen.OneOf(_members), (target, member) => (Expr)new MemberAccess(target, member))),
                (2, Gen.Select(Gen.OneOf(_callNames), inner.Array[0, 3], (name, arguments) => (Expr)new CallExpr(name, arguments))));
        }

        return gen;
    }

    /// <summary>
    /// Well-typed trees over the shared vectors' schema: numbers, texts, dates and conditions built from each other,
    /// so that evaluation (not the type checker) decides the outcome. Element 0 is numbers, 1 bools, 2 dates, 3 texts.
    /// </summary>
    public static Gen<Expr>[] WellTyped(int depth)
    {
        static Expr Call(string name, params Expr[] arguments) => new CallExpr(name, arguments);
        static Expr Bin(BinaryOperator op, Expr l, Expr r) => new BinaryExpr(op, l, r);

        var smallNumber = Gen.Frequency(
            (4, Gen.Int[0, 20].Select(i => (decimal)i)),
            (2, Gen.Select(Gen.Int[0, 100_000], Gen.Int[0, 4], (m, s) => m / _powersOfTen[s])),
            (1, Number(signed: false)));
        var dateText = Gen.Int[-40_000, 40_000].Select(d => new DateOnly(2000, 2, 29).AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var number = Gen.Frequency(
            (4, smallNumber.Select(v => (Expr)new NumberLiteral(v))),
            (3, Gen.OneOf("a", "b", "income").Select(n => (Expr)new FieldRef(n))),
            (1, Gen.Const((Expr)new NullLiteral())));
        var condition = Gen.Frequency(
            (2, Gen.Bool.Select(b => (Expr)new BoolLiteral(b))),
            (2, Gen.Const((Expr)new FieldRef("agreed"))));
        var date = Gen.Frequency(
            (3, dateText.Select(t => Call("date", new TextLiteral(t)))),
            (2, Gen.Const((Expr)new FieldRef("birth"))),
            (1, Gen.Const(Call("today"))));
        var text = Gen.Frequency(
            (2, _text.Select(t => (Expr)new TextLiteral(t))),
            (2, Gen.Const((Expr)new FieldRef("name"))),
            (1, Gen.Const((Expr)new MemberAccess(new FieldRef("applicant"), "family"))));

        for (var level = 0; level < depth; level++)
        {
            var (n, b, d, t) = (number, condition, date, text);
            var arithmetic = Gen.OneOf(BinaryOperator.Add, BinaryOperator.Subtract, BinaryOperator.Multiply, BinaryOperator.Divide, BinaryOperator.Modulo);
            var comparison = Gen.OneOf(BinaryOperator.Equal, BinaryOperator.NotEqual, BinaryOperator.Less, BinaryOperator.LessOrEqual, BinaryOperator.Greater, BinaryOperator.GreaterOrEqual);
            var digits = Gen.Int[-3, 10].Select(i => i < 0 ? (Expr)new UnaryExpr(UnaryOperator.Negate, new NumberLiteral(-i)) : new NumberLiteral(i));
            number = Gen.Frequency(
                (3, number),
                (6, Gen.Select(arithmetic, n, n, (op, l, r) => Bin(op, l, r))),
                (1, n.Select(x => (Expr)new UnaryExpr(UnaryOperator.Negate, x))),
                (2, Gen.Select(n, digits, (x, k) => Call("round", x, k))),
                (1, Gen.Select(Gen.OneOf("round", "floor", "ceil", "abs"), n, (f, x) => Call(f, x))),
                (2, Gen.Select(Gen.OneOf("min", "max", "sum", "avg"), n, n, (f, x, y) => Call(f, x, new MemberAccess(new FieldRef("invoices"), "amount"), y))),
                (1, Gen.Select(b, n, n, (c, x, y) => Call("if", c, x, y))),
                (1, Gen.Select(n, n, (x, y) => Call("coalesce", x, y))),
                (1, t.Select(x => Call("len", x))),
                (1, Gen.OneOf("options", "invoices").Select(f => Call("count", new FieldRef(f)))),
                (1, Gen.Select(d, d, (x, y) => Call("days", x, y))),
                (1, Gen.Select(Gen.OneOf("year", "month", "day"), d, (f, x) => Call(f, x))),
                (1, Gen.Select(d, d, (x, y) => Call("age", x, y))));
            condition = Gen.Frequency(
                (2, condition),
                (3, Gen.Select(comparison, n, n, (op, l, r) => Bin(op, l, r))),
                (1, Gen.Select(comparison, t, t, (op, l, r) => Bin(op, l, r))),
                (1, Gen.Select(comparison, d, d, (op, l, r) => Bin(op, l, r))),
                (2, Gen.Select(Gen.Bool, b, b, (and, l, r) => Bin(and ? BinaryOperator.And : BinaryOperator.Or, l, r))),
                (1, b.Select(x => (Expr)new UnaryExpr(UnaryOperator.Not, x))),
                (1, Gen.OneOf(n, t, d).Select(x => Call("isBlank", x))),
                (1, t.Select(x => Call("selected", new FieldRef("options"), x))),
                (1, Gen.Select(t, t, (x, y) => Call("contains", x, y))));
            date = Gen.Frequency(
                (2, date),
                (2, Gen.Select(Gen.OneOf("addDays", "addMonths"), d, n, (f, x, k) => Call(f, x, k))),
                (1, Gen.Select(n, n, n, (y, m, k) => Call("date", y, m, k))),
                (1, Gen.Select(b, d, d, (c, x, y) => Call("if", c, x, y))),
                (1, Gen.Select(d, d, (x, y) => Call("min", x, y))));
            text = Gen.Frequency(
                (2, text),
                (2, Gen.Select(t, Gen.OneOf(t, n, d), (l, r) => Bin(BinaryOperator.Concat, l, r))),
                (1, Gen.Select(b, t, t, (c, x, y) => Call("if", c, x, y))));
        }

        return [number, condition, date, text];
    }
}
