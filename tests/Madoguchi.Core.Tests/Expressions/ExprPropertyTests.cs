using System.Numerics;
using CsCheck;
using Madoguchi.Core.Expressions;

namespace Madoguchi.Core.Tests.Expressions;

/// <summary>Properties over random trees, texts and numbers (CsCheck).</summary>
public sealed class ExprPropertyTests
{
    private static readonly BigInteger _scale = BigInteger.Pow(10, 10);
    private static readonly BigInteger _limit = BigInteger.Pow(10, 28);

    private static readonly ExprSchema _schema = new(new Dictionary<string, ExprType>
    {
        ["a"] = ExprType.Number,
        ["b"] = ExprType.Number,
        ["income"] = ExprType.Number,
        ["name"] = ExprType.Text,
        ["agreed"] = ExprType.Bool,
        ["birth"] = ExprType.Date,
        ["options"] = ExprType.ListOf(ExprType.Text),
        ["applicant"] = ExprType.RecordOf([KeyValuePair.Create("family", ExprType.Text), KeyValuePair.Create("birth", ExprType.Date)]),
        ["invoices"] = ExprType.ListOf(ExprType.RecordOf([KeyValuePair.Create("amount", ExprType.Number), KeyValuePair.Create("tax", ExprType.Number)])),
    });

    [Fact]
    public void Printing_and_parsing_gives_back_the_same_tree()
    {
        ExprGenerators.Tree(4).Sample(ast =>
        {
            var printed = ExprPrinter.Print(ast);
            var parsed = ExprParser.Parse(printed);
            if (printed.Length > ExprParser.MaxLength)
            {
                Assert.Equal("too-long", parsed.Errors[0].Code);
                return;
            }

            Assert.True(parsed.Success, $"'{printed}' does not parse: {(parsed.Errors.Count > 0 ? parsed.Errors[0] : null)}");
            Assert.Equal(ast, parsed.Ast);
        }, iter: 3000, print: ExprPrinter.Print);
    }

    [Fact]
    public void Printing_is_idempotent()
    {
        ExprGenerators.Tree(4).Sample(ast =>
        {
            var printed = ExprPrinter.Print(ast);
            if (printed.Length <= ExprParser.MaxLength)
            {
                Assert.Equal(printed, ExprPrinter.Print(ExprParser.Parse(printed).Ast!));
            }
        }, iter: 3000, print: ExprPrinter.Print);
    }

    [Fact]
    public void Parsing_any_text_never_throws_and_reports_a_place_inside_the_text()
    {
        Gen.Char["abc01.9_ ()+-*/%&|=!<>≦≠'\",\nandorntuel収𠮷\uD842（１＋"].Array[0, 30].Select(c => new string(c)).Sample(text =>
        {
            var result = ExprParser.Parse(text);
            Assert.Equal(result.Ast is null, result.Errors.Count == 1);
            foreach (var error in result.Errors)
            {
                Assert.InRange(error.Start, 0, text.Length);
                Assert.InRange(error.Start + error.Length, error.Start, text.Length);
                Assert.False(string.IsNullOrEmpty(error.MessageJa));
                Assert.False(string.IsNullOrEmpty(error.MessageEn));
            }
        }, iter: 20000);
    }

    [Fact]
    public void Checking_and_evaluating_any_tree_never_throws()
    {
        var values = Gen.Select(ExprGenerators.Number(signed: true), ExprGenerators.Number(signed: true), Gen.Int[-2000, 2000],
            (a, b, days) => ExprEnvironment.From(new Dictionary<string, ExprValue>
            {
                ["a"] = ExprValue.Number(a),
                ["b"] = ExprValue.Number(b),
                ["income"] = ExprValue.Number(decimal.Round(b, 0)),
                ["name"] = ExprValue.Text("山田"),
                ["agreed"] = ExprValue.True,
                ["birth"] = ExprValue.Date(new DateOnly(2000, 2, 29).AddDays(days)),
                ["options"] = ExprValue.List([ExprValue.Text("a"), ExprValue.Null]),
                ["applicant"] = ExprValue.Record([KeyValuePair.Create("family", (ExprValue)ExprValue.Text("山田"))]),
                ["invoices"] = ExprValue.List([ExprValue.Record([KeyValuePair.Create("amount", (ExprValue)ExprValue.Number(a))]), ExprValue.Null]),
            }, new DateOnly(2026, 11, 26)));
        Gen.Select(ExprGenerators.Tree(4), values).Sample((ast, env) =>
        {
            var check = ExprTypeChecker.Check(ast, _schema);
            var result = ExprEvaluator.Evaluate(ast, env);
            Assert.NotNull(result.Value);
            if (result.Error is { } error)
            {
                Assert.True(result.Value.IsNull);
                Assert.False(string.IsNullOrEmpty(error.MessageJa));
            }
            else if (check.Success && !result.Value.IsNull && check.Type.Kind is not (ExprTypeKind.Unknown or ExprTypeKind.Null))
            {
                // A well-typed expression's value has the type the checker inferred.
                Assert.Equal(check.Type.Kind, KindOf(result.Value));
            }
        }, iter: 5000, print: t => ExprPrinter.Print(t.Item1));
    }

    [Theory]
    [InlineData("a + b")]
    [InlineData("a - b")]
    [InlineData("a * b")]
    [InlineData("a / b")]
    [InlineData("a % b")]
    public void Arithmetic_is_exact_then_rounded_half_away_from_zero_at_the_tenth_decimal(string expression)
    {
        var ast = ExprParser.Parse(expression).Ast!;
        var op = expression[2];
        Gen.Select(ExprGenerators.Number(signed: true), ExprGenerators.Number(signed: true)).Sample((a, b) =>
        {
            var env = ExprEnvironment.From(new Dictionary<string, ExprValue> { ["a"] = ExprValue.Number(a), ["b"] = ExprValue.Number(b) }, default);
            var result = ExprEvaluator.Evaluate(ast, env);
            var (x, y) = (Scaled(a), Scaled(b));
            if (y.IsZero && op is '/' or '%')
            {
                Assert.Equal("division-by-zero", result.Error?.Code);
                return;
            }

            var expected = op switch
            {
                '+' => x + y,
                '-' => x - y,
                '*' => DivideRounded(x * y, _scale),
                '/' => DivideRounded(x * _scale, y),
                _ => FlooredRemainder(x, y),
            };
            if (BigInteger.Abs(expected) >= _limit)
            {
                Assert.Equal("number-too-large", result.Error?.Code);
            }
            else
            {
                Assert.Null(result.Error);
                Assert.Equal(expected, Scaled(((NumberValue)result.Value).Value));
            }
        }, iter: 20000);
    }

    [Fact]
    public void Round_matches_a_reference_for_every_number_of_digits()
    {
        var ast = ExprParser.Parse("round(a, b)").Ast!;
        Gen.Select(ExprGenerators.Number(signed: true), Gen.Int[-17, 10]).Sample((a, digits) =>
        {
            var env = ExprEnvironment.From(new Dictionary<string, ExprValue> { ["a"] = ExprValue.Number(a), ["b"] = ExprValue.Number(digits) }, default);
            var result = ExprEvaluator.Evaluate(ast, env);
            var unit = BigInteger.Pow(10, 10 - digits);
            var expected = DivideRounded(Scaled(a), unit) * unit;
            if (BigInteger.Abs(expected) >= _limit)
            {
                Assert.Equal("number-too-large", result.Error?.Code);
            }
            else
            {
                Assert.Equal(expected, Scaled(((NumberValue)result.Value).Value));
            }
        }, iter: 20000);
    }

    [Fact]
    public void Numbers_print_canonically_and_read_back()
    {
        ExprGenerators.Number(signed: true).Sample(value =>
        {
            var text = ExprValue.Number(value).ToString();
            Assert.DoesNotContain('E', text);
            Assert.False(text.Contains('.', StringComparison.Ordinal) && text.EndsWith('0'), text);
            Assert.NotEqual("-0", text);
            Assert.Equal(value, decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        }, iter: 20000);
    }

    private static ExprTypeKind KindOf(ExprValue value) => value switch
    {
        NumberValue => ExprTypeKind.Number,
        TextValue => ExprTypeKind.Text,
        BoolValue => ExprTypeKind.Bool,
        DateValue => ExprTypeKind.Date,
        ListValue => ExprTypeKind.List,
        RecordValue => ExprTypeKind.Record,
        _ => ExprTypeKind.Null,
    };

    private static BigInteger Scaled(decimal value) => new(value * 10_000_000_000m);

    private static BigInteger FlooredRemainder(BigInteger x, BigInteger y)
    {
        var r = x % y;
        return !r.IsZero && r.Sign != y.Sign ? r + y : r;
    }

    private static BigInteger DivideRounded(BigInteger n, BigInteger d)
    {
        var q = BigInteger.DivRem(n, d, out var r);
        if (!r.IsZero && 2 * BigInteger.Abs(r) >= BigInteger.Abs(d))
        {
            q += n.Sign * d.Sign;
        }

        return q;
    }
}
