using Madoguchi.Core.Import;
using static Madoguchi.Core.Tests.Import.ImportAssertions;

namespace Madoguchi.Core.Tests.Import;

/// <summary>XPath → Madoguchi expression, one expression at a time, as the relevance of a question in a small form.</summary>
public sealed class ExpressionTranslationTests
{
    private static string Form(string relevant) =>
        "## survey\n" +
        "type\tname\tlabel\trelevant\n" +
        "text\tt\tT\n" +
        "integer\tn\tN\n" +
        "decimal\tx\tX\n" +
        "date\td1\tD1\n" +
        "date\td2\tD2\n" +
        "select_multiple ab\tm\tM\n" +
        "select_one ab\ts\tS\n" +
        "acknowledge\tok\tOK\n" +
        "begin repeat\trep\tRows\n" +
        "integer\tcol\tCol\n" +
        "end repeat\n" +
        "text\ttarget\tTarget\t" + relevant + "\n" +
        "## choices\nlist_name\tname\tlabel\nab\ta\tA\nab\tb\tB\n";

    private static ImportResult Import(string relevant) => XlsFormImporter.Import(XlsxFixture.FromText(Form(relevant)), Options);

    [Theory]
    [InlineData("${n} + 2 * 3 > 0", "n + 2 * 3 > 0")]
    [InlineData("(${n} + 2) * 3 > 0", "(n + 2) * 3 > 0")]
    [InlineData("${n} - (${x} - 1) > 0", "n - (x - 1) > 0")]
    [InlineData("${n} - ${x} - 1 > 0", "n - x - 1 > 0")]
    [InlineData("${t} = 'a' or ${t} = 'b' and ${n} > 1", "t = 'a' or t = 'b' and n > 1")]
    [InlineData("(${t} = 'a' or ${t} = 'b') and ${n} > 1", "(t = 'a' or t = 'b') and n > 1")]
    [InlineData("not(${n} > 1 or ${x} < 2)", "not(n > 1 or x < 2)")]
    [InlineData("not(${n} > 1) = false()", "(not(n > 1)) = false")]
    [InlineData("-(${n} + 1) > 0", "-(n + 1) > 0")]
    [InlineData("${n} div 4 >= 1.50", "n / 4 >= 1.5")]
    [InlineData("${t} != ''", "not(isBlank(t))")]
    [InlineData("'' = ${t}", "isBlank(t)")]
    [InlineData("${d1} < '2026-04-01'", "d1 < date('2026-04-01')")]
    [InlineData("${d2} - ${d1} > 30", "days(d1, d2) > 30")]
    [InlineData("today() > ${d1}", "today() > d1")]
    [InlineData("${ok} = 'OK'", "ok = true")]
    [InlineData("selected(${s}, 'a')", "s = 'a'")]
    [InlineData("selected(${m}, 'a')", "selected(m, 'a')")]
    [InlineData("count-selected(${m}) > 1", "count(m) > 1")]
    [InlineData("concat(${t}, 'x') = 'ax'", "t & 'x' = 'ax'")]
    [InlineData("sum(${col}) > 10", "sum(rep.col) > 10")]
    [InlineData("count(${rep}) >= 1", "count(rep) >= 1")]
    [InlineData("count(${col}) >= 1", "count(rep) >= 1")]
    [InlineData("/data/n > 1", "n > 1")]
    [InlineData("../n > 1", "n > 1")]
    [InlineData("string-length(${t}) > 3", "len(t) > 3")]
    [InlineData("true()", "true")]
    [InlineData("if(${n} > 1, 'a', 'b') = 'a'", "if(n > 1, 'a', 'b') = 'a'")]
    [InlineData("round(${x}, 2) = 1", "round(x, 2) = 1")]
    [InlineData("int(${x}) = 1", "if(x < 0, ceil(x), floor(x)) = 1")]
    [InlineData("floor((today() - ${d1}) div 365) >= 20", "age(d1) >= 20")]
    [InlineData("coalesce(${n}, 0) + number(${x}) > 1", "coalesce(n, 0) + x > 1")]
    [InlineData("contains(string(${t}), \"o'k\")", "contains(t, 'o''k')")]
    [InlineData("${n}>1and${n}<5", "n > 1 and n < 5")]
    public void Supported_xpath_translates(string xpath, string expected)
    {
        var result = Import(xpath);
        var d = AssertValid(result);

        Assert.Equal(expected, Field(d, "target").VisibleWhen);
        Assert.DoesNotContain(result.Issues, i => i.Severity == ImportSeverity.Error);
    }

    [Theory]
    [InlineData("${col} > 1", "repeat")]
    [InlineData("${rep} > 1", "count()")]
    [InlineData("${nope} = 1", "no question")]
    [InlineData("now() > ${d1}", "now()")]
    [InlineData("${d1} + 1 > today()", "date")]
    [InlineData("format-date(${d1}, '%Y') = '2026'", "format-date()")]
    [InlineData("/data/n | /data/x", "unions")]
    [InlineData("@id = 1", "Attribute")]
    [InlineData("count(${n}) > 1", "count()")]
    [InlineData("min(${col}) > 1", "min()")]
    [InlineData("${n} >", "ends too early")]
    [InlineData("${n} > 1)", "Cannot read")]
    [InlineData("/data/rep[1]/col > 1", "predicates")]
    [InlineData("//col > 1", "//")]
    [InlineData("count-selected(${s}) > 1", "select_multiple")]
    [InlineData("regex(${t}, 'a')", "pattern")]
    [InlineData("'unclosed", "closing")]
    [InlineData("${t} = \u00a7", "not allowed")]
    public void Unsupported_xpath_is_an_error_on_the_row_and_the_relevance_is_dropped(string xpath, string reason)
    {
        var result = Import(xpath);
        var d = AssertValid(result);

        Assert.Null(Field(d, "target").VisibleWhen);
        var issue = Assert.Single(result.Issues, i => i.Code == "unsupportedExpression");
        Assert.Equal((ImportSeverity.Error, 13, "relevant", xpath), (issue.Severity, issue.Row, issue.Column, issue.Text));
        Assert.Contains(reason, issue.MessageEn, StringComparison.Ordinal);
        Assert.Contains(xpath, issue.MessageJa, StringComparison.Ordinal);
    }

    [Fact]
    public void A_calculation_that_cannot_be_translated_drops_its_field_and_what_depends_on_it_reports_too()
    {
        const string Form = "## survey\ntype\tname\tlabel\tcalculation\trelevant\n" +
            "calculate\tr\t\trandom()\n" +
            "calculate\tr2\t\t${r} * 2\n" +
            "text\tq\tQ\t\t${r2} > 1\n";
        var result = XlsFormImporter.Import(XlsxFixture.FromText(Form), Options);
        var d = AssertValid(result);

        Assert.Null(d.FindField("r"));
        Assert.Null(d.FindField("r2"));
        Assert.Null(Field(d, "q").VisibleWhen);
        Assert.Contains(result.Issues, i => i is { Code: "unsupportedExpression", Row: 2, Column: "calculation" });
        Assert.Contains(result.Issues, i => i is { Code: "unsupportedExpression", Row: 3, Column: "calculation" });
        Assert.Contains(result.Issues, i => i is { Code: "unsupportedExpression", Row: 4, Column: "relevant" });
    }

    [Fact]
    public void A_name_used_twice_makes_its_references_ambiguous()
    {
        const string Form = "## survey\ntype\tname\tlabel\trelevant\n" +
            "begin group\tg1\tG1\n" + "text\ta\tA\n" + "end group\n" +
            "begin group\tg2\tG2\n" + "text\ta\tA again\n" + "end group\n" +
            "text\tq\tQ\t${a} = 'x'\n";
        var result = XlsFormImporter.Import(XlsxFixture.FromText(Form), Options);
        var d = AssertValid(result);

        Assert.Equal(["a", "a_2"], d.AllFields.Where(f => f.Label.Ja.StartsWith('A')).Select(f => f.Id));
        Assert.Contains(result.Issues, i => i is { Code: "renamedId", Row: 6 });
        Assert.Contains(result.Issues, i => i is { Code: "unsupportedExpression", Row: 8 } && i.MessageEn.Contains("ambiguous", StringComparison.Ordinal));
    }
}
