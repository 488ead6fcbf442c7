using System.Text.Json.Nodes;
using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Answers;

public sealed class GroupAndCompositeAnswerTests
{
    private static readonly DateOnly Today = new(2026, 4, 1);

    private static readonly ProcedureDefinition Definition = ProcedureDefinitionParser.Parse("""
        {
          "format": 1, "slug": "groups", "title": { "ja": "テスト" }, "department": { "ja": "テスト課" },
          "pages": [ { "id": "p1", "title": { "ja": "1" }, "fields": [
            { "id": "applicant", "type": "name", "label": { "ja": "氏名", "en": "Name" }, "required": true },
            { "id": "home", "type": "address", "label": { "ja": "住所", "en": "Address" } },
            { "id": "account", "type": "bankAccount", "label": { "ja": "振込先", "en": "Bank account" } },
            { "id": "extra", "type": "section", "label": { "ja": "追加" }, "fields": [
              { "id": "note", "type": "text", "label": { "ja": "備考" }, "required": true } ] },
            { "id": "invoices", "type": "repeat", "label": { "ja": "請求書", "en": "Invoices" }, "rowLabel": { "ja": "請求書", "en": "Invoice" }, "minRows": 1, "maxRows": 3, "fields": [
              { "id": "vendor", "type": "text", "label": { "ja": "支払先", "en": "Payee" }, "required": true },
              { "id": "amount", "type": "integer", "label": { "ja": "金額", "en": "Amount" }, "min": 0 } ] }
          ] } ]
        }
        """).Definition!;

    private static AnswerValidationResult Validate(Dictionary<string, string> raw) =>
        AnswerValidator.Validate(
            Definition,
            raw.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[kv.Value]),
            new Dictionary<string, IReadOnlyList<UploadedFileInfo>>(),
            Today);

    private static Dictionary<string, string> Complete() => new()
    {
        ["applicant.family"] = "髙橋",
        ["applicant.given"] = "太郎",
        ["applicant.familyKana"] = "ﾀｶﾊｼ",
        ["applicant.givenKana"] = "たろう",
        ["note"] = "なし",
        ["invoices[0].vendor"] = "株式会社サンプル",
        ["invoices[0].amount"] = "１２，０００",
        ["invoices[1].vendor"] = "有限会社テスト",
        ["invoices[1].amount"] = "500",
    };

    [Fact]
    public void Complete_answers_become_objects_and_row_arrays()
    {
        var result = Validate(Complete());

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.FieldId}: {e.Message.Ja}")));
        var name = result.Answers["applicant"]!.AsObject();
        Assert.Equal("髙橋", (string?)name["family"]); // names are never NFKC-normalised
        Assert.Equal("タカハシ", (string?)name["familyKana"]);
        Assert.Equal("タロウ", (string?)name["givenKana"]);
        var rows = result.Answers["invoices"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal(12000, (long)rows[0]!["amount"]!);
        Assert.Equal("note", result.Answers.Single(kv => kv.Key == "note").Key); // section contents answer at top level
        Assert.Null(result.Answers["home"]);
    }

    [Fact]
    public void A_missing_part_is_reported_on_that_part()
    {
        var raw = Complete();
        raw.Remove("applicant.given");
        raw["home.postalCode"] = "100-0001";

        var result = Validate(raw);

        Assert.Contains(result.Errors, e => e.FieldId == "applicant.given" && e.Code == "partRequired" && e.Message.Ja == "氏名（名）を入力してください。");
        Assert.Contains(result.Errors, e => e.FieldId == "home.prefecture" && e.Code == "partRequired" && e.Message.Ja.Contains("選択", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.FieldId == "home.city");
        Assert.DoesNotContain(result.Errors, e => e.FieldId == "home.building");
        Assert.DoesNotContain(result.Errors, e => e.FieldId == "applicant" && e.Code == "required");
    }

    [Fact]
    public void Bank_account_parts_are_checked_and_the_number_padded_to_seven_digits()
    {
        var raw = Complete();
        raw["account.bankCode"] = "０００１";
        raw["account.branchCode"] = "12";
        raw["account.accountType"] = "1";
        raw["account.accountNumber"] = "1234";
        raw["account.holderKana"] = "ﾀｶﾊｼ ﾀﾛｳ";

        var result = Validate(raw);
        Assert.Equal(["account.branchCode"], result.Errors.Select(e => e.FieldId));
        Assert.Equal("支店コード", AnswerValidator.PartName("branchCode").Ja);

        raw["account.branchCode"] = "012";
        var fixedResult = Validate(raw);
        Assert.True(fixedResult.IsValid);
        Assert.Equal("0001234", (string?)fixedResult.Answers["account"]!["accountNumber"]);
        Assert.Equal("0001", (string?)fixedResult.Answers["account"]!["bankCode"]);
    }

    [Fact]
    public void Row_errors_name_the_row_and_carry_the_cell_key()
    {
        var raw = Complete();
        raw.Remove("invoices[1].vendor");
        raw["invoices[1].amount"] = "-5";

        var result = Validate(raw);

        var required = Assert.Single(result.Errors, e => e.FieldId == "invoices[1].vendor");
        Assert.Equal("required", required.Code);
        Assert.Equal("請求書（2行目）の支払先を入力してください。", required.Message.Ja);
        Assert.Equal("Invoice (row 2): Payee is required.", required.Message.En);
        Assert.Contains(result.Errors, e => e.FieldId == "invoices[1].amount" && e.Code == "outOfRange");
    }

    [Fact]
    public void Row_counts_are_held_to_min_and_max_and_blank_rows_are_dropped()
    {
        var none = Complete();
        foreach (var key in none.Keys.Where(k => k.StartsWith("invoices", StringComparison.Ordinal)).ToList())
        {
            none.Remove(key);
        }

        none[AnswerValidator.RowCountKey("invoices")] = "2"; // two rows shown, both left blank
        Assert.Contains(Validate(none).Errors, e => e.FieldId == "invoices" && e.Code == "tooFewRows");

        var many = Complete();
        many["invoices[3].vendor"] = "4件目";
        Assert.Contains(Validate(many).Errors, e => e.FieldId == "invoices" && e.Code == "tooManyRows");
    }

    [Fact]
    public void Required_field_inside_a_section_is_required()
    {
        var raw = Complete();
        raw.Remove("note");
        Assert.Contains(Validate(raw).Errors, e => e.FieldId == "note" && e.Code == "required");
    }
}
