using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Answers;

/// <summary>The server applies the rules: visibility, required-when, calculations, checks and branches.</summary>
public sealed class RuleAnswerTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static readonly ProcedureDefinition Definition = Parse("""
        {
          "format": 1, "slug": "rules", "title": { "ja": "ルール" }, "department": { "ja": "課" },
          "pages": [
            { "id": "who", "title": { "ja": "申請者" }, "fields": [
              { "id": "kind", "type": "choice", "label": { "ja": "区分" }, "required": true, "choices": [
                { "value": "person", "label": { "ja": "個人" } }, { "value": "corp", "label": { "ja": "法人" } } ] },
              { "id": "corp", "type": "section", "label": { "ja": "法人" }, "visibleWhen": "kind = 'corp'", "fields": [
                { "id": "corpName", "type": "text", "label": { "ja": "法人名" }, "required": true } ] },
              { "id": "born", "type": "date", "label": { "ja": "生年月日" }, "visibleWhen": "kind = 'person'", "required": true },
              { "id": "age", "type": "integer", "label": { "ja": "年齢" }, "calculate": "age(born)" },
              { "id": "guardian", "type": "text", "label": { "ja": "保護者" }, "requiredWhen": "age < 18" }
            ], "next": [ { "when": "kind = 'person'", "goTo": "costs" } ] },
            { "id": "corpOnly", "title": { "ja": "法人の追加情報" }, "fields": [
              { "id": "capital", "type": "integer", "label": { "ja": "資本金" }, "required": true } ] },
            { "id": "costs", "title": { "ja": "経費" }, "fields": [
              { "id": "items", "type": "repeat", "label": { "ja": "経費" }, "minRows": 1, "fields": [
                { "id": "price", "type": "integer", "label": { "ja": "単価" }, "required": true },
                { "id": "qty", "type": "integer", "label": { "ja": "数量" }, "required": true },
                { "id": "line", "type": "integer", "label": { "ja": "小計" }, "calculate": "price * qty" },
                { "id": "reason", "type": "text", "label": { "ja": "理由" }, "visibleWhen": "line > 100000", "required": true } ] },
              { "id": "total", "type": "integer", "label": { "ja": "合計" }, "calculate": "sum(items.line)" },
              { "id": "subsidy", "type": "integer", "label": { "ja": "補助額" }, "calculate": "min(round(total * 2 / 3, 0), 3000000)" },
              { "id": "start", "type": "date", "label": { "ja": "開始日" } },
              { "id": "end", "type": "date", "label": { "ja": "終了日" } }
            ] }
          ],
          "checks": [
            { "id": "order", "assert": "days(start, end) >= 0", "message": { "ja": "終了日は開始日以降にしてください。", "en": "The end date must not be before the start date." }, "fields": ["end"] }
          ]
        }
        """);

    private static ProcedureDefinition Parse(string json)
    {
        var result = ProcedureDefinitionParser.Parse(json);
        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => $"{p.Path} {p.Code} {p.Message.En}")));
        return result.Definition!;
    }

    private static AnswerValidationResult Validate(Dictionary<string, string> raw, IEnumerable<FieldDefinition>? only = null) =>
        AnswerValidator.Validate(Definition, raw.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[kv.Value]), new Dictionary<string, IReadOnlyList<UploadedFileInfo>>(), Today, only);

    private static Dictionary<string, string> Person() => new()
    {
        ["kind"] = "person",
        ["born"] = "2000-11-27",
        ["items[0].price"] = "1000",
        ["items[0].qty"] = "3",
        ["items[1].price"] = "200000",
        ["items[1].qty"] = "1",
        ["items[1].reason"] = "設備",
    };

    [Fact]
    public void Calculations_replace_submitted_values_and_feed_each_other()
    {
        var raw = Person();
        raw["total"] = "999999999"; // an applicant cannot set a calculated field
        var result = Validate(raw);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.FieldId}: {e.Message.Ja}")));
        Assert.Equal(25, (long)result.Answers["age"]!); // turns 26 tomorrow
        Assert.Equal(3000, (long)result.Answers["items"]![0]!["line"]!);
        Assert.Equal(203000, (long)result.Answers["total"]!);
        Assert.Equal(135333, (long)result.Answers["subsidy"]!); // round(203000 * 2 / 3)
    }

    [Fact]
    public void Hidden_sections_and_branch_skipped_pages_are_neither_required_nor_kept()
    {
        var raw = Person();
        raw["corpName"] = "株式会社テスト"; // typed before switching to 個人: dropped, not an error
        var result = Validate(raw);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.FieldId)));
        Assert.Null(result.Answers["corpName"]);
        Assert.DoesNotContain(result.Errors, e => e.FieldId == "capital"); // page corpOnly is skipped for persons

        var corp = new Dictionary<string, string> { ["kind"] = "corp", ["items[0].price"] = "1", ["items[0].qty"] = "1" };
        var corpResult = Validate(corp);
        Assert.Contains(corpResult.Errors, e => e.FieldId == "corpName" && e.Code == "required");
        Assert.Contains(corpResult.Errors, e => e.FieldId == "capital" && e.Code == "required");
        Assert.DoesNotContain(corpResult.Errors, e => e.FieldId == "born"); // only shown to persons
    }

    [Fact]
    public void Required_when_follows_a_calculated_value()
    {
        var minor = Person();
        minor["born"] = "2010-01-01";
        Assert.Contains(Validate(minor).Errors, e => e.FieldId == "guardian" && e.Code == "required");
        Assert.DoesNotContain(Validate(Person()).Errors, e => e.FieldId == "guardian");
    }

    [Fact]
    public void Row_rules_run_per_row()
    {
        var raw = Person();
        raw.Remove("items[1].reason");
        var result = Validate(raw);

        var error = Assert.Single(result.Errors);
        Assert.Equal("items[1].reason", error.FieldId);
        Assert.Null(result.Answers["items"]![0]!["reason"]); // row 1 (3,000円) needs no reason
    }

    [Fact]
    public void Checks_report_their_own_message_on_their_field_and_only_on_its_page()
    {
        var raw = Person();
        raw["start"] = "2026-12-10";
        raw["end"] = "令和8年12月1日";
        var result = Validate(raw);

        var error = Assert.Single(result.Errors);
        Assert.Equal("end", error.FieldId);
        Assert.Equal("check:order", error.Code);
        Assert.Equal("終了日は開始日以降にしてください。", error.Message.Ja);

        Assert.Empty(Validate(raw, Definition.Pages[0].InputFields).Errors);
        Assert.Single(Validate(raw, Definition.Pages[2].InputFields).Errors);

        raw.Remove("start"); // a check waits until every field it reads is answered
        Assert.True(Validate(raw).IsValid);
    }

    [Theory]
    [InlineData("\"calculate\":\"sum(items.line)\"", "\"calculate\":\"sum(items.nothing)\"", "$.pages[2].fields[1].calculate")]
    [InlineData("\"visibleWhen\":\"kind = 'corp'\"", "\"visibleWhen\":\"kind +\"", "$.pages[0].fields[1].visibleWhen")]
    [InlineData("\"requiredWhen\":\"age < 18\"", "\"requiredWhen\":\"age\"", "$.pages[0].fields[4].requiredWhen")]
    [InlineData("\"calculate\":\"age(born)\"", "\"calculate\":\"'abc'\"", "$.pages[0].fields[3].calculate")]
    [InlineData("\"assert\":\"days(start, end) >= 0\"", "\"assert\":\"days(start, endd) >= 0\"", "$.checks[0].assert")]
    public void Broken_rules_are_definition_problems_at_their_path(string find, string replace, string path)
    {
        var json = ProcedureJson.Serialize(Definition);
        Assert.Contains(find, json, StringComparison.Ordinal);
        var result = ProcedureDefinitionParser.Parse(json.Replace(find, replace, StringComparison.Ordinal));

        Assert.Contains(result.Problems, p => p.Path == path);
        Assert.All(result.Problems, p => Assert.False(string.IsNullOrEmpty(p.Message.En)));
    }

    [Fact]
    public void Calculation_cycles_are_reported()
    {
        var json = ProcedureJson.Serialize(Definition).Replace("\"calculate\":\"sum(items.line)\"", "\"calculate\":\"subsidy + 1\"", StringComparison.Ordinal);
        var result = ProcedureDefinitionParser.Parse(json);
        Assert.Contains(result.Problems, p => p.Code == "calculationCycle");
    }
}
