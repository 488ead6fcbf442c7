using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Answers;

/// <summary>The Japanese field rules as the validator applies them per field: charset, phone kind, names, bank kana.</summary>
public sealed class JapaneseRuleAnswerTests
{
    private static AnswerValidationResult Validate(string fieldsJson, Dictionary<string, string> raw)
    {
        var parsed = ProcedureDefinitionParser.Parse($$"""
            { "format": 1, "slug": "jp-rules", "title": { "ja": "テスト" }, "department": { "ja": "課" },
              "pages": [ { "id": "p", "title": { "ja": "1" }, "fields": [ {{fieldsJson}} ] } ] }
            """);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems.Select(p => p.Path + " " + p.Code)));
        return AnswerValidator.Validate(parsed.Definition!, raw.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[kv.Value]), new Dictionary<string, IReadOnlyList<UploadedFileInfo>>(), new DateOnly(2026, 4, 1));
    }

    [Fact]
    public void A_jisx0208_text_field_names_the_character_legacy_systems_cannot_take()
    {
        var result = Validate("""{ "id": "shop", "type": "text", "label": { "ja": "屋号", "en": "Trade name" }, "charset": "jisx0208" }""", new() { ["shop"] = "髙島屋" });

        var error = Assert.Single(result.Errors);
        Assert.Equal("shop", error.FieldId);
        Assert.StartsWith("屋号", error.Message.Ja, StringComparison.Ordinal);
        Assert.Contains("髙", error.Message.Ja, StringComparison.Ordinal);
        Assert.Contains("高", error.Message.Ja, StringComparison.Ordinal); // the suggested substitute
        Assert.True(Validate("""{ "id": "shop", "type": "text", "label": { "ja": "屋号" }, "charset": "jisx0208" }""", new() { ["shop"] = "高島屋" }).IsValid);
        Assert.True(Validate("""{ "id": "shop", "type": "text", "label": { "ja": "屋号" } }""", new() { ["shop"] = "髙島屋" }).IsValid);
    }

    [Fact]
    public void A_mobile_only_phone_field_refuses_a_landline()
    {
        const string field = """{ "id": "tel", "type": "phone", "label": { "ja": "携帯電話" }, "phoneKind": "mobile" }""";
        Assert.False(Validate(field, new() { ["tel"] = "03-1234-5678" }).IsValid);
        var ok = Validate(field, new() { ["tel"] = "０９０１２３４５６７８" });
        Assert.True(ok.IsValid);
        Assert.Equal("090-1234-5678", (string?)ok.Answers["tel"]);
    }

    [Fact]
    public void Half_width_kana_in_a_name_is_refused_with_its_position_and_readings_are_widened()
    {
        const string field = """{ "id": "who", "type": "name", "label": { "ja": "氏名", "en": "Name" } }""";
        var bad = Validate(field, new() { ["who.family"] = "ﾔﾏﾀﾞ", ["who.given"] = "太郎", ["who.familyKana"] = "ヤマダ", ["who.givenKana"] = "タロウ" });
        var error = Assert.Single(bad.Errors);
        Assert.Equal("who.family", error.FieldId);
        Assert.Contains("1文字目", error.Message.Ja, StringComparison.Ordinal);

        var ok = Validate(field, new() { ["who.family"] = "﨑山", ["who.given"] = "花子", ["who.familyKana"] = "ｻｷﾔﾏ", ["who.givenKana"] = "はなこ" });
        Assert.True(ok.IsValid);
        Assert.Equal("﨑山", (string?)ok.Answers["who"]!["family"]);
        Assert.Equal("サキヤマ", (string?)ok.Answers["who"]!["familyKana"]);
        Assert.Equal("ハナコ", (string?)ok.Answers["who"]!["givenKana"]);
    }

    [Fact]
    public void Bank_holder_names_are_stored_in_the_characters_banks_accept()
    {
        const string field = """{ "id": "acct", "type": "bankAccount", "label": { "ja": "口座" } }""";
        var raw = new Dictionary<string, string>
        {
            ["acct.bankCode"] = "0005", ["acct.branchCode"] = "123", ["acct.accountType"] = "1", ["acct.accountNumber"] = "7654321",
            ["acct.holderKana"] = "カ）ヤマダショウジ",
        };
        var ok = Validate(field, raw);
        Assert.True(ok.IsValid, string.Join("; ", ok.Errors.Select(e => e.Message.Ja)));
        Assert.Equal("ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ", (string?)ok.Answers["acct"]!["holderKana"]);

        raw["acct.holderKana"] = "山田";
        var bad = Validate(field, raw);
        Assert.Equal("acct.holderKana", Assert.Single(bad.Errors).FieldId);
    }
}
