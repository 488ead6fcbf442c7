using Madoguchi.Core.Expressions;

namespace Madoguchi.Core.Tests.Expressions;

public sealed class CalculationGraphTests
{
    private static Expr Parse(string text) => ExprParser.Parse(text).Ast ?? throw new ArgumentException(text);

    [Fact]
    public void Dependencies_list_every_reference_with_its_place()
    {
        var references = ExprDependencies.Of(Parse("sum(invoices.amount) + applicant.address.pref & x + x"));

        Assert.Equal(["invoices.amount", "applicant.address.pref", "x", "x"], references.Select(r => r.Path));
        Assert.Equal(("invoices", 4, 15), (references[0].Root, references[0].Start, references[0].Length));
        Assert.Equal(["invoices.amount", "applicant.address.pref", "x"], ExprDependencies.PathsOf(Parse("sum(invoices.amount) + applicant.address.pref & x + x")));
    }

    [Fact]
    public void Dependencies_inside_a_member_of_a_call_are_still_found()
    {
        Assert.Equal(["a", "b"], ExprDependencies.PathsOf(Parse("coalesce(a, b).family")));
        Assert.Empty(ExprDependencies.Of(Parse("today() + 1")));
    }

    [Fact]
    public void Fields_are_ordered_after_the_fields_they_read_keeping_definition_order_otherwise()
    {
        var plan = CalculationGraph.Analyze(
        [
            new CalculatedField("grant", Parse("min(eligible * 2 / 3, 3000000)")),
            new CalculatedField("unrelated", Parse("1")),
            new CalculatedField("eligible", Parse("total - excluded")),
            new CalculatedField("total", Parse("sum(invoices.amount)")),
        ]);

        Assert.False(plan.HasCycles);
        Assert.Equal(["total", "eligible", "grant", "unrelated"], plan.Order);
    }

    [Fact]
    public void A_cycle_is_reported_in_both_languages_as_a_path()
    {
        var plan = CalculationGraph.Analyze(
        [
            new CalculatedField("a", Parse("b + 1")),
            new CalculatedField("b", Parse("c * 2")),
            new CalculatedField("c", Parse("a - x")),
            new CalculatedField("d", Parse("a + 1")),
            new CalculatedField("e", Parse("10")),
        ]);

        var cycle = Assert.Single(plan.Cycles);
        Assert.Equal(["a", "b", "c", "a"], cycle.Path);
        Assert.Equal("a → b → c → a", cycle.Text);
        Assert.Equal("計算項目が循環して参照しています: a → b → c → a", cycle.MessageJa);
        Assert.Equal("Calculated fields refer to each other in a cycle: a → b → c → a", cycle.MessageEn);
        Assert.Equal(["d", "e"], plan.Order);
    }

    [Fact]
    public void A_field_reading_itself_and_two_separate_cycles_are_all_reported()
    {
        var plan = CalculationGraph.Analyze(
        [
            new CalculatedField("p", Parse("q")),
            new CalculatedField("self", Parse("self + 1")),
            new CalculatedField("q", Parse("p")),
        ]);

        Assert.Equal(["p → q → p", "self → self"], plan.Cycles.Select(c => c.Text));
        Assert.Empty(plan.Order);
    }

    [Fact]
    public void A_column_computed_in_each_row_reads_its_own_row_and_the_totals_read_the_column()
    {
        var schema = new ExprSchema(new Dictionary<string, ExprType>
        {
            ["rate"] = ExprType.Number,
            ["invoices"] = ExprType.ListOf(ExprType.RecordOf(
            [
                KeyValuePair.Create("amount", ExprType.Number),
                KeyValuePair.Create("tax", ExprType.Number),
            ])),
        });
        var fields = new[]
        {
            new CalculatedField("totalTax", Parse("sum(invoices.tax)")),
            new CalculatedField("invoices.tax", Parse("round(amount * rate, 0)"), RowGroup: "invoices"),
            new CalculatedField("rate", Parse("0.1")),
        };

        Assert.Equal(["rate", "invoices.tax", "totalTax"], CalculationGraph.Analyze(fields, schema).Order);
        Assert.Equal(["rate", "invoices.tax", "totalTax"], CalculationGraph.Analyze(fields).Order);
    }

    [Fact]
    public void Reading_a_whole_group_depends_on_its_calculated_columns()
    {
        var plan = CalculationGraph.Analyze(
        [
            new CalculatedField("rows", Parse("count(invoices)")),
            new CalculatedField("invoices.tax", Parse("amount * 0.1"), RowGroup: "invoices"),
            new CalculatedField("invoices.net", Parse("amount - tax + rows * 0"), RowGroup: "invoices"),
        ]);

        // rows → invoices.tax and invoices.net; invoices.net → rows: a cycle through the group.
        Assert.Equal("rows → invoices.net → rows", Assert.Single(plan.Cycles).Text);
        Assert.Equal(["invoices.tax"], plan.Order);
    }
}
