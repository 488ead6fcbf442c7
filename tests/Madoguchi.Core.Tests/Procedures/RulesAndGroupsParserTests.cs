using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Procedures;

/// <summary>Sections, repeat groups, composite fields, rules and branches in the definition format.</summary>
public sealed class RulesAndGroupsParserTests
{
    private const string Subsidy = """
        {
          "format": 1,
          "slug": "subsidy",
          "title": { "ja": "補助金交付申請" },
          "department": { "ja": "産業振興課" },
          "applicantNameField": "applicant",
          "pages": [
            {
              "id": "who",
              "title": { "ja": "申請者" },
              "fields": [
                { "id": "applicant", "type": "name", "label": { "ja": "氏名" }, "required": true, "charset": "jisx0208" },
                { "id": "kind", "type": "choice", "label": { "ja": "区分" }, "choices": [
                  { "value": "person", "label": { "ja": "個人" } }, { "value": "corp", "label": { "ja": "法人" } } ] },
                { "id": "corp", "type": "section", "label": { "ja": "法人の情報" }, "visibleWhen": "kind = 'corp'", "fields": [
                  { "id": "corpNumber", "type": "corporateNumber", "label": { "ja": "法人番号" }, "requiredWhen": "kind = 'corp'" },
                  { "id": "address", "type": "address", "label": { "ja": "所在地" } }
                ] },
                { "id": "born", "type": "date", "label": { "ja": "生年月日" }, "display": "wareki" }
              ],
              "next": [ { "when": "kind = 'person'", "goTo": "costs" } ]
            },
            {
              "id": "bank",
              "title": { "ja": "振込先" },
              "fields": [ { "id": "account", "type": "bankAccount", "label": { "ja": "口座" } } ]
            },
            {
              "id": "costs",
              "title": { "ja": "経費" },
              "fields": [
                { "id": "invoices", "type": "repeat", "label": { "ja": "請求書" }, "rowLabel": { "ja": "請求書" }, "minRows": 1, "maxRows": 20, "fields": [
                  { "id": "vendor", "type": "text", "label": { "ja": "支払先" }, "required": true },
                  { "id": "amount", "type": "integer", "label": { "ja": "金額" }, "unit": { "ja": "円" }, "required": true }
                ] },
                { "id": "total", "type": "integer", "label": { "ja": "合計" }, "calculate": "sum(invoices.amount)" },
                { "id": "subsidy", "type": "integer", "label": { "ja": "補助額" }, "calculate": "min(round(total * 2 / 3, 0), 3000000)" },
                { "id": "phone", "type": "phone", "label": { "ja": "電話" }, "phoneKind": "fixedOrMobile" }
              ]
            }
          ],
          "checks": [
            { "id": "withinLimit", "assert": "total <= 10000000", "message": { "ja": "経費の合計は1,000万円以内にしてください。", "en": "Total costs must be at most 10 million yen." }, "fields": ["invoices"] }
          ]
        }
        """;

    private static void AssertProblem(DefinitionParseResult result, string path, string code) =>
        Assert.True(
            result.Problems.Any(p => p.Path == path && p.Code == code),
            $"Expected {code} at {path}; got: {string.Join("; ", result.Problems.Select(p => $"{p.Code} at {p.Path}"))}");

    [Fact]
    public void A_definition_with_groups_composites_rules_and_branches_parses()
    {
        var result = ProcedureDefinitionParser.Parse(Subsidy);

        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => $"{p.Code} at {p.Path}: {p.Message.En}")));
        var d = result.Definition!;
        Assert.Equal(["applicant", "kind", "corpNumber", "address", "born", "account", "invoices", "total", "subsidy", "phone"], d.InputFields.Select(f => f.Id));
        Assert.Contains(d.AllFields, f => f.Id == "amount");
        Assert.Equal(FieldType.Integer, d.FindField("amount")!.Type);
        Assert.Equal(["vendor", "amount"], d.FindField("invoices")!.RowFields.Select(f => f.Id));
        Assert.Equal(20, d.FindField("invoices")!.EffectiveMaxRows);
        Assert.Equal("kind = 'corp'", d.FindField("corp")!.VisibleWhen);
        Assert.Equal("sum(invoices.amount)", d.FindField("total")!.Calculate);
        Assert.Equal("costs", d.Pages[0].Next[0].GoTo);
        Assert.Equal("withinLimit", d.Checks[0].Id);
        Assert.Equal(["invoices"], d.Checks[0].Fields);
        Assert.True(d.FindField("applicant")!.AsksReading);
    }

    [Fact]
    public void Export_and_reimport_round_trips_the_new_properties()
    {
        var first = ProcedureDefinitionParser.Parse(Subsidy).Definition!;
        var again = ProcedureDefinitionParser.Parse(ProcedureJson.Serialize(first));

        Assert.True(again.IsValid, string.Join("; ", again.Problems.Select(p => $"{p.Code} at {p.Path}")));
        Assert.Equal(ProcedureJson.Serialize(first), ProcedureJson.Serialize(again.Definition!));
    }

    [Theory]
    [InlineData("\"goTo\": \"nowhere\"", "$.pages[0].next[0].goTo", "unknownPage")]
    [InlineData("\"goTo\": \"who\"", "$.pages[0].next[0].goTo", "backwardBranch")]
    public void Branches_must_go_forward_to_a_known_page(string replacement, string path, string code)
    {
        var json = Subsidy.Replace("\"goTo\": \"costs\"", replacement, StringComparison.Ordinal);
        AssertProblem(ProcedureDefinitionParser.Parse(json), path, code);
    }

    [Fact]
    public void Repeat_inside_repeat_and_files_in_rows_are_refused()
    {
        var json = Subsidy.Replace(
            "{ \"id\": \"vendor\", \"type\": \"text\", \"label\": { \"ja\": \"支払先\" }, \"required\": true },",
            "{ \"id\": \"inner\", \"type\": \"repeat\", \"label\": { \"ja\": \"内訳\" }, \"fields\": [ { \"id\": \"x\", \"type\": \"text\", \"label\": { \"ja\": \"x\" } } ] }, { \"id\": \"scan\", \"type\": \"file\", \"label\": { \"ja\": \"写し\" } },",
            StringComparison.Ordinal);
        var result = ProcedureDefinitionParser.Parse(json);

        AssertProblem(result, "$.pages[2].fields[0].fields[0].type", "nestedRepeat");
        AssertProblem(result, "$.pages[2].fields[0].fields[1].type", "fileInRepeat");
    }

    [Theory]
    [InlineData("\"charset\": \"jisx0208\"", "\"charset\": \"sjis\"", "$.pages[0].fields[0].charset", "invalidCharset")]
    [InlineData("\"phoneKind\": \"fixedOrMobile\"", "\"phoneKind\": \"satellite\"", "$.pages[2].fields[3].phoneKind", "invalidPhoneKind")]
    [InlineData("\"display\": \"wareki\"", "\"display\": \"era\"", "$.pages[0].fields[3].display", "invalidDisplay")]
    [InlineData("\"minRows\": 1, \"maxRows\": 20", "\"minRows\": 30, \"maxRows\": 20", "$.pages[2].fields[0].minRows", "minGreaterThanMax")]
    [InlineData("\"calculate\": \"sum(invoices.amount)\"", "\"calculate\": \"  \"", "$.pages[2].fields[1].calculate", "emptyExpression")]
    [InlineData("\"fields\": [\"invoices\"]", "\"fields\": [\"amount\"]", "$.checks[0].fields[0]", "fieldInRepeat")]
    [InlineData("\"fields\": [\"invoices\"]", "\"fields\": [\"nothing\"]", "$.checks[0].fields[0]", "unknownField")]
    [InlineData("\"phoneKind\": \"fixedOrMobile\"", "\"calculate\": \"1\"", "$.pages[2].fields[3].calculate", "notApplicable")]
    [InlineData("\"label\": { \"ja\": \"法人の情報\" },", "\"label\": { \"ja\": \"法人の情報\" }, \"required\": true,", "$.pages[0].fields[2].required", "notApplicable")]
    public void Wrong_values_of_the_new_properties_are_reported_with_their_path(string find, string replace, string path, string code)
    {
        Assert.Contains(find, Subsidy, StringComparison.Ordinal);
        AssertProblem(ProcedureDefinitionParser.Parse(Subsidy.Replace(find, replace, StringComparison.Ordinal)), path, code);
    }
}
