using System.Globalization;
using Madoguchi.Core.Expressions;

namespace Madoguchi.Core.Tests.Expressions;

public sealed class ExprApiTests
{
    private static readonly DateOnly _today = new(2026, 11, 26);

    [Fact]
    public void Parse_errors_carry_place_code_and_both_languages()
    {
        var result = ExprParser.Parse("(income + 1");

        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Equal((ExprErrorKind.Parse, "unclosed-paren", 0, 1), (error.Kind, error.Code, error.Start, error.Length));
        Assert.Equal("この「(」を閉じる「)」がありません。", error.MessageJa);
        Assert.Equal("This '(' has no matching ')'.", error.MessageEn);
    }

    [Fact]
    public void Type_checker_reports_every_problem_in_tree_order_once()
    {
        var schema = new ExprSchema(new Dictionary<string, ExprType> { ["income"] = ExprType.Number, ["name"] = ExprType.Text });
        var result = ExprTypeChecker.Check(ExprParser.Parse("nope + foo(1) + round() + (name + 1) * 2").Ast!, schema);

        Assert.Equal(["unknown-field", "unknown-function", "wrong-arity", "type-mismatch"], result.Errors.Select(e => e.Code));
        Assert.All(result.Errors, e => Assert.Equal(ExprErrorKind.Type, e.Kind));
        Assert.Equal("項目「nope」はありません。", result.Errors[0].MessageJa);
        Assert.Equal("round takes 1 or 2 arguments, not 0.", result.Errors[2].MessageEn);
        Assert.Equal("「+」には数値が必要ですが、文字列です。", result.Errors[3].MessageJa);
        Assert.Equal("'+' needs a number, but this is text.", result.Errors[3].MessageEn);
        Assert.Equal(ExprType.Number, result.Type);
    }

    [Fact]
    public void The_caller_checks_the_inferred_type_of_a_rule()
    {
        var schema = new ExprSchema(new Dictionary<string, ExprType>
        {
            ["options"] = ExprType.ListOf(ExprType.Text),
            ["invoices"] = ExprType.ListOf(ExprType.RecordOf([KeyValuePair.Create("amount", ExprType.Number)])),
        });

        Assert.Equal(ExprType.Bool, ExprTypeChecker.Check(ExprParser.Parse("selected(options, 'a')").Ast!, schema).Type);
        Assert.Equal(ExprType.ListOf(ExprType.Number), ExprTypeChecker.Check(ExprParser.Parse("invoices.amount").Ast!, schema).Type);
        Assert.Equal("list<record{amount: number}>", schema.TypeOf("invoices")!.ToString());
        Assert.Throws<ArgumentException>(() => ExprTypeChecker.Check(ExprParser.Parse("1").Ast!, schema, rowGroup: "options"));
    }

    [Fact]
    public void A_failed_evaluation_is_blank_for_the_rule_and_says_why()
    {
        var ast = ExprParser.Parse("total / count(members) > 10").Ast!;
        var env = ExprEnvironment.From(new Dictionary<string, ExprValue> { ["total"] = ExprValue.Number(100) }, _today);

        var result = ExprEvaluator.Evaluate(ExprParser.Parse("total / count(members)").Ast!, env);

        Assert.True(result.IsError);
        Assert.True(result.Value.IsNull);
        Assert.Equal(("division-by-zero", "0 で割ることはできません。", "Division by zero."), (result.Error!.Code, result.Error.MessageJa, result.Error.MessageEn));
        Assert.False(ExprEvaluator.IsTrue(ast, env));
    }

    [Fact]
    public void Values_compare_structurally_and_print_canonically()
    {
        Assert.Equal(ExprValue.Number(1.50m), ExprValue.Number(1.5m));
        Assert.Equal("0.6666666667", ExprValue.Number(2m / 3m).ToString());
        Assert.Equal("0", ExprValue.Number(-0.00000000001m).ToString());
        Assert.Equal(ExprValue.List([ExprValue.Text("a"), ExprValue.Null]), ExprValue.List([ExprValue.Text("a"), ExprValue.Null]));
        Assert.Equal("2026-04-01", ExprValue.Date(new DateOnly(2026, 4, 1)).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => ExprValue.Number(1_000_000_000_000_000_000m));
    }

    [Fact]
    public void Keywords_cannot_be_referred_to_as_fields()
    {
        Assert.True(ExprParser.IsReferable("income_2"));
        Assert.False(ExprParser.IsReferable("And"));
        Assert.False(ExprParser.IsReferable("null"));
        Assert.False(ExprParser.IsReferable("2x"));
        Assert.Equal("isBlank", ExprFunctions.Canonical("ISBLANK"));
        Assert.Null(ExprFunctions.Canonical("nope"));
    }

    [Fact]
    public void Tree_equality_ignores_positions()
    {
        var a = ExprParser.Parse("round( x*2 ,1)").Ast!;
        var b = ExprParser.Parse("ROUND(x * 2, 1)").Ast!;

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ExprParser.Parse("round(x * 2, 2)").Ast!);
        Assert.Equal("round(x * 2, 1)", a.ToString());
    }
}

public sealed class ExprLargeFormTests
{
    private static readonly DateOnly _today = new(2026, 11, 26);

    /// <summary>
    /// A 300-field form with 100 rules of every kind type-checks and evaluates without errors. How long it takes is
    /// measured by the benchmark in bench/ (docs/performance.md), never by a timed unit test.
    /// </summary>
    [Fact]
    public void One_hundred_rules_over_three_hundred_fields_type_check_and_evaluate()
    {
        var values = new Dictionary<string, ExprValue>(StringComparer.Ordinal);
        var types = new Dictionary<string, ExprType>(StringComparer.Ordinal);
        for (var i = 0; i < 300; i++)
        {
            var id = "f" + i.ToString(CultureInfo.InvariantCulture);
            (types[id], values[id]) = (i % 4) switch
            {
                0 => (ExprType.Number, (ExprValue)ExprValue.Number(i * 1000.5m)),
                1 => (ExprType.Text, ExprValue.Text("値" + i.ToString(CultureInfo.InvariantCulture))),
                2 => (ExprType.Bool, ExprValue.Bool(i % 3 == 0)),
                _ => (ExprType.Date, ExprValue.Date(new DateOnly(1980, 1, 1).AddDays(i * 37))),
            };
        }

        var row = ExprType.RecordOf([KeyValuePair.Create("amount", ExprType.Number), KeyValuePair.Create("kind", ExprType.Text)]);
        types["invoices"] = ExprType.ListOf(row);
        values["invoices"] = ExprValue.List(Enumerable.Range(0, 20).Select(i => ExprValue.Record(
        [
            KeyValuePair.Create("amount", (ExprValue)ExprValue.Number(i * 12345.67m)),
            KeyValuePair.Create("kind", (ExprValue)ExprValue.Text(i % 2 == 0 ? "a" : "b")),
        ])));
        var schema = new ExprSchema(types);
        string[] templates =
        [
            "f{0} > 1000 and f{2} or not f{6}",
            "round(f{0} * 1.1 + f{4} / 3, 0)",
            "if(f{2}, min(f{0} * 2 / 3, 3000000), 0)",
            "age(f{3}) >= 18 and days(f{3}, today()) > 365",
            "sum(invoices.amount) + count(invoices) * f{0}",
            "isBlank(f{1}) or len(f{1}) > 3 and contains(f{1}, '値')",
            "f{1} & ' ' & f{5} & '様'",
            "addDays(f{3}, 30) < today() and year(f{7}) = 2000",
            "coalesce(f{0}, f{4}, 0) % 7 = 3",
            "max(invoices.amount) - avg(invoices.amount) >= f{8}",
        ];
        var rules = new List<Expr>();
        for (var i = 0; i < 100; i++)
        {
            var text = string.Format(CultureInfo.InvariantCulture, templates[i % templates.Length],
                [.. Enumerable.Range(0, 9).Select(k => ((i * 4) + (k * 4) + (k % 4)) % 300)]);
            var parsed = ExprParser.Parse(text);
            Assert.True(parsed.Success, text);
            var check = ExprTypeChecker.Check(parsed.Ast!, schema);
            Assert.True(check.Success, text + ": " + string.Join(", ", check.Errors.Select(e => e.MessageEn)));
            rules.Add(parsed.Ast!);
        }

        var env = ExprEnvironment.From(values, _today);
        var errors = 0;
        void EvaluateAll()
        {
            foreach (var rule in rules)
            {
                errors += ExprEvaluator.Evaluate(rule, env).IsError ? 1 : 0;
            }
        }

        EvaluateAll();
        Assert.Equal(0, errors);
    }
}
