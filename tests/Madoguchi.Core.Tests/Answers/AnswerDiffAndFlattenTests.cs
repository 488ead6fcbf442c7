using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Answers;

/// <summary>What a correction changed (field-level diff), and stored answers turned back into form values.</summary>
public sealed class AnswerDiffAndFlattenTests
{
    private static readonly DateOnly Today = new(2026, 4, 1);

    private static readonly ProcedureDefinition Definition = ProcedureDefinitionParser.Parse("""
        {
          "format": 1, "slug": "diff", "title": { "ja": "テスト" }, "department": { "ja": "テスト課" },
          "pages": [ { "id": "p1", "title": { "ja": "1" }, "fields": [
            { "id": "applicant", "type": "name", "label": { "ja": "氏名", "en": "Name" }, "required": true },
            { "id": "count", "type": "integer", "label": { "ja": "人数" } },
            { "id": "day", "type": "date", "label": { "ja": "日付" }, "display": "wareki" },
            { "id": "tags", "type": "multiChoice", "label": { "ja": "分類" }, "choices": [ { "value": "x", "label": { "ja": "X" } }, { "value": "y", "label": { "ja": "Y" } } ] },
            { "id": "note", "type": "text", "label": { "ja": "備考" } },
            { "id": "invoices", "type": "repeat", "label": { "ja": "請求書" }, "rowLabel": { "ja": "請求書" }, "maxRows": 3, "fields": [
              { "id": "vendor", "type": "text", "label": { "ja": "支払先" }, "required": true },
              { "id": "amount", "type": "integer", "label": { "ja": "金額" } } ] }
          ] } ]
        }
        """).Definition!;

    private static JsonObject Answers(string json) => JsonNode.Parse(json)!.AsObject();

    private const string Before = """
        { "applicant": { "family": "髙橋", "given": "太郎", "familyKana": "タカハシ", "givenKana": "タロウ" }, "count": 3, "day": "2026-04-01",
          "tags": ["x"], "note": "なし", "invoices": [ { "vendor": "甲社", "amount": 100 }, { "vendor": "乙社", "amount": 200 } ] }
        """;

    [Fact]
    public void Identical_answers_have_no_changes()
    {
        Assert.Empty(AnswerDiff.Compare(Definition, Answers(Before), Answers(Before)));
    }

    [Fact]
    public void Changes_are_listed_in_form_order_with_the_parts_and_rows_that_changed()
    {
        var after = Answers(Before);
        after["invoices"]![1]!["amount"] = 250;
        after["invoices"]!.AsArray().Add(new JsonObject { ["vendor"] = "丙社" });
        after["applicant"]!["given"] = "次郎";
        after["count"] = 4;
        after.Remove("note");
        after.Remove("tags");
        after["tags"] = new JsonArray();

        var changes = AnswerDiff.Compare(Definition, Answers(Before), after);

        Assert.Equal(["applicant", "count", "tags", "note", "invoices"], changes.Select(c => c.Field.Id));
        Assert.Equal(["given"], changes[0].Parts);
        Assert.Equal(AnswerChangeKind.Changed, changes[1].Kind);
        Assert.Equal(AnswerChangeKind.Removed, changes[2].Kind); // an empty list is no answer
        Assert.Equal(AnswerChangeKind.Removed, changes[3].Kind);
        Assert.Equal(["[1].amount", "[2]"], changes[4].Parts);

        var added = AnswerDiff.Compare(Definition, after, Answers(Before));
        Assert.Equal(AnswerChangeKind.Added, added.Single(c => c.Field.Id == "note").Kind);
    }

    [Fact]
    public void Stored_answers_flatten_to_form_values_that_validate_back_to_the_same_answers()
    {
        var stored = Answers(Before);
        using var document = JsonDocument.Parse(stored.ToJsonString());
        var errors = new List<FieldError>();
        var raw = AnswerFlattener.ToRaw(Definition, document.RootElement, errors);

        Assert.Empty(errors);
        Assert.Equal(["髙橋"], raw["applicant.family"]);
        Assert.Equal(["2"], raw["invoices#rows"]);
        Assert.Equal(["乙社"], raw["invoices[1].vendor"]);
        var result = AnswerValidator.Validate(Definition, raw, new Dictionary<string, IReadOnlyList<UploadedFileInfo>>(), Today);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.FieldId + ": " + e.Message.Ja)));
        Assert.True(JsonNode.DeepEquals(stored, result.Answers), result.Answers.ToJsonString());
    }

    [Fact]
    public void Flattening_reports_a_wrong_shape_with_its_path()
    {
        using var document = JsonDocument.Parse("""{ "applicant": "髙橋", "invoices": [ 1 ], "nope": 1 }""");
        var errors = new List<FieldError>();
        AnswerFlattener.ToRaw(Definition, document.RootElement, errors);

        Assert.Equal(["applicant", "invoices[0]", "nope"], errors.Select(e => e.FieldId));
        Assert.All(errors, e => Assert.Contains("answers.", e.Message.Ja, StringComparison.Ordinal));
    }
}
