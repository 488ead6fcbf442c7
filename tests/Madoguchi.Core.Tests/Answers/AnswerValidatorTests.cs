using System.Text.Json.Nodes;
using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Answers;

public sealed class AnswerValidatorTests
{
    private static readonly DateOnly Today = new(2026, 4, 1);

    private static ProcedureDefinition Procedure(params FieldDefinition[] fields) => new()
    {
        Slug = "test-procedure",
        Title = new LocalizedText("テスト"),
        Department = new LocalizedText("テスト課"),
        Pages = [new PageDefinition { Id = "page1", Title = new LocalizedText("1"), Fields = fields }],
    };

    private static FieldDefinition Field(FieldType type, string id = "f", bool required = false) => new()
    {
        Id = id,
        Type = type,
        Label = new LocalizedText("項目", "The field"),
        Required = required,
    };

    private static AnswerValidationResult Validate(FieldDefinition field, params string[] values) =>
        AnswerValidator.Validate(
            Procedure(field),
            new Dictionary<string, IReadOnlyList<string>> { [field.Id] = values },
            new Dictionary<string, IReadOnlyList<UploadedFileInfo>>(),
            Today);

    private static AnswerValidationResult ValidateFiles(FieldDefinition field, params UploadedFileInfo[] files) =>
        AnswerValidator.Validate(
            Procedure(field),
            new Dictionary<string, IReadOnlyList<string>>(),
            new Dictionary<string, IReadOnlyList<UploadedFileInfo>> { [field.Id] = files },
            Today);

    private static JsonNode? Answer(FieldDefinition field, params string[] values)
    {
        var result = Validate(field, values);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Code}: {e.Message.En}")));
        return result.Answers[field.Id];
    }

    private static FieldError Error(FieldDefinition field, params string[] values)
    {
        var result = Validate(field, values);
        Assert.False(result.Answers.ContainsKey(field.Id));
        return Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData(FieldType.Text, "を入力してください。")]
    [InlineData(FieldType.Integer, "を入力してください。")]
    [InlineData(FieldType.Choice, "を選択してください。")]
    [InlineData(FieldType.MultiChoice, "を選択してください。")]
    [InlineData(FieldType.YesNo, "を選択してください。")]
    [InlineData(FieldType.File, "を添付してください。")]
    public void Required_fields_without_a_value_get_required(FieldType type, string ja)
    {
        var field = Field(type, required: true) with { Choices = [new ChoiceOption { Value = "a", Label = new LocalizedText("A") }] };
        var error = Assert.Single(AnswerValidator.Validate(Procedure(field), new Dictionary<string, IReadOnlyList<string>> { ["f"] = ["  "] }, new Dictionary<string, IReadOnlyList<UploadedFileInfo>>(), Today).Errors);

        Assert.Equal("required", error.Code);
        Assert.Equal("f", error.FieldId);
        Assert.Equal("項目" + ja, error.Message.Ja);
        Assert.Equal("The field is required.", error.Message.En);
    }

    [Fact]
    public void Empty_optional_fields_are_left_out_of_the_answers()
    {
        var definition = Procedure(Field(FieldType.Text, "a"), Field(FieldType.Integer, "b"), Field(FieldType.MultiChoice, "c"), Field(FieldType.File, "d"));
        var result = AnswerValidator.Validate(
            definition,
            new Dictionary<string, IReadOnlyList<string>> { ["a"] = [""], ["b"] = ["   "], ["c"] = [] },
            new Dictionary<string, IReadOnlyList<UploadedFileInfo>>(),
            Today);

        Assert.True(result.IsValid);
        Assert.Empty(result.Answers);
    }

    [Fact]
    public void Unknown_raw_keys_and_static_blocks_are_ignored()
    {
        var heading = new FieldDefinition { Id = "h", Type = FieldType.Heading, Text = new LocalizedText("見出し") };
        var result = AnswerValidator.Validate(
            Procedure(heading, Field(FieldType.Text, "name")),
            new Dictionary<string, IReadOnlyList<string>> { ["name"] = ["山田"], ["h"] = ["x"], ["isAdmin"] = ["true"] },
            new Dictionary<string, IReadOnlyList<UploadedFileInfo>>(),
            Today);

        Assert.True(result.IsValid);
        Assert.Equal("name", Assert.Single(result.Answers).Key);
        Assert.Equal("山田", (string?)result.Answers["name"]);
    }

    [Fact]
    public void OnlyFields_limits_validation_to_one_page()
    {
        var first = Field(FieldType.Text, "first", required: true);
        var second = Field(FieldType.Text, "second", required: true);
        var result = AnswerValidator.Validate(
            Procedure(first, second),
            new Dictionary<string, IReadOnlyList<string>> { ["first"] = ["a"] },
            new Dictionary<string, IReadOnlyList<UploadedFileInfo>>(),
            Today,
            [first]);

        Assert.True(result.IsValid);
        Assert.Equal("a", (string?)result.Answers["first"]);
    }

    [Fact]
    public void Text_is_trimmed_and_kept_as_typed_without_width_folding()
    {
        Assert.Equal("髙橋　ＡＢＣ", (string?)Answer(Field(FieldType.Text), "  髙橋　ＡＢＣ \t"));
    }

    [Fact]
    public void Text_length_counts_what_the_applicant_sees()
    {
        var field = Field(FieldType.Text) with { MaxLength = 3 };
        Assert.Equal("𠮷野家", (string?)Answer(field, "𠮷野家"));
        Assert.Equal("👨‍👩‍👧ab", (string?)Answer(field, "👨‍👩‍👧ab"));

        var error = Error(field, "吉野家です");
        Assert.Equal("tooLong", error.Code);
        Assert.Equal("項目は3文字以内で入力してください（現在5文字）。", error.Message.Ja);
    }

    [Fact]
    public void Text_defaults_to_200_characters_and_textarea_to_4000()
    {
        Assert.Equal("tooLong", Error(Field(FieldType.Text), new string('あ', 201)).Code);
        Assert.NotNull(Answer(Field(FieldType.Text), new string('あ', 200)));
        Assert.NotNull(Answer(Field(FieldType.TextArea), new string('あ', 4000)));
        Assert.Equal("tooLong", Error(Field(FieldType.TextArea), new string('あ', 4001)).Code);
    }

    [Fact]
    public void Text_checks_min_length_and_pattern()
    {
        Assert.Equal("tooShort", Error(Field(FieldType.Text) with { MinLength = 5 }, "abc").Code);

        var field = Field(FieldType.Text) with { Pattern = "[A-Z]{2}[0-9]{4}", PatternMessage = new LocalizedText("英大文字2文字と数字4桁で入力してください。", "Use two capitals and four digits.") };
        Assert.Equal("AB1234", (string?)Answer(field, "AB1234"));
        var error = Error(field, "AB12345"); // the pattern must match the whole value
        Assert.Equal("pattern", error.Code);
        Assert.Equal("Use two capitals and four digits.", error.Message.En);
        Assert.Equal("pattern", Error(Field(FieldType.Text) with { Pattern = "\\d+" }, "12a").Code);
    }

    [Fact]
    public void Text_rejects_line_breaks_and_control_characters()
    {
        Assert.Equal("invalidCharacters", Error(Field(FieldType.Text), "一行目\n二行目").Code);
        Assert.Equal("invalidCharacters", Error(Field(FieldType.Text), "bell\u0007").Code);
        Assert.Equal("invalidCharacters", Error(Field(FieldType.Text), "broken\uD800").Code);
    }

    [Fact]
    public void Textarea_keeps_inner_newlines_and_tabs_and_normalises_crlf()
    {
        Assert.Equal("一行目\n\t二行目\n三行目", (string?)Answer(Field(FieldType.TextArea), "\r\n一行目\r\n\t二行目\r三行目\r\n"));
        Assert.Equal("invalidCharacters", Error(Field(FieldType.TextArea), "a\u0000b").Code);
    }

    [Theory]
    [InlineData("1500000", 1500000L)]
    [InlineData("1,500,000", 1500000L)]
    [InlineData("１，５００，０００", 1500000L)]
    [InlineData(" ３０００ ", 3000L)]
    [InlineData("1500000円", 1500000L)]
    [InlineData("1", 1L)]
    [InlineData("3,000,000", 3000000L)]
    public void Integer_accepts_full_width_digits_and_thousands_separators(string input, long expected)
    {
        var field = Field(FieldType.Integer) with { Min = 1, Max = 3_000_000, Unit = new LocalizedText("円", "yen") };
        Assert.Equal(expected, Answer(field, input)!.GetValue<long>());
    }

    [Theory]
    [InlineData("1.5", "notInteger")]
    [InlineData("1,50,000", "notInteger")]
    [InlineData("abc", "notInteger")]
    [InlineData("1e6", "notInteger")]
    [InlineData("0", "outOfRange")]
    [InlineData("3,000,001", "outOfRange")]
    [InlineData("-5", "outOfRange")]
    [InlineData("99999999999999999999999", "outOfRange")]
    public void Integer_rejects_fractions_text_and_values_out_of_range(string input, string code)
    {
        var field = Field(FieldType.Integer) with { Min = 1, Max = 3_000_000 };
        Assert.Equal(code, Error(field, input).Code);
    }

    [Fact]
    public void Integer_errors_state_the_whole_rule_in_both_languages()
    {
        var field = new FieldDefinition
        {
            Id = "amount",
            Type = FieldType.Integer,
            Label = new LocalizedText("申請金額", "Amount requested"),
            Min = 1,
            Max = 10_000_000,
        };

        var error = Error(field, "0");
        Assert.Equal("申請金額は1以上10,000,000以下の整数で入力してください。", error.Message.Ja);
        Assert.Equal("Amount requested must be a whole number from 1 to 10,000,000.", error.Message.En);
    }

    [Fact]
    public void Integer_allows_zero_and_negative_when_the_range_does()
    {
        Assert.Equal(0L, Answer(Field(FieldType.Integer) with { Min = 0 }, "0")!.GetValue<long>());
        Assert.Equal(-3L, Answer(Field(FieldType.Integer), "－3")!.GetValue<long>());
    }

    [Theory]
    [InlineData("12.5", "12.5")]
    [InlineData("12.50", "12.5")]
    [InlineData("１２．５", "12.5")]
    [InlineData("1,234.25", "1234.25")]
    [InlineData("3", "3")]
    [InlineData(".5", "0.5")]
    public void Decimal_is_stored_as_a_json_number(string input, string json)
    {
        var field = Field(FieldType.Decimal) with { Scale = 2, Min = 0, Max = 10_000 };
        Assert.Equal(json, Answer(field, input)!.ToJsonString());
    }

    [Theory]
    [InlineData("12.345", "tooManyDecimals")]
    [InlineData("1.2.3", "notDecimal")]
    [InlineData(".", "notDecimal")]
    [InlineData("12a", "notDecimal")]
    [InlineData("-1", "outOfRange")]
    [InlineData("10000.01", "outOfRange")]
    public void Decimal_respects_scale_and_range(string input, string code)
    {
        var field = Field(FieldType.Decimal) with { Scale = 2, Min = 0, Max = 10_000 };
        Assert.Equal(code, Error(field, input).Code);
    }

    [Theory]
    [InlineData("2026-04-01", "2026-04-01")]
    [InlineData("令和8年4月1日", "2026-04-01")]
    [InlineData("R8.4.1", "2026-04-01")]
    [InlineData("２０２６／４／１", "2026-04-01")]
    public void Date_accepts_what_wareki_accepts_and_stores_iso(string input, string expected)
    {
        Assert.Equal(expected, (string?)Answer(Field(FieldType.Date), input));
    }

    [Fact]
    public void Date_rejects_invalid_dates_and_dates_outside_the_range()
    {
        Assert.Equal("invalidDate", Error(Field(FieldType.Date), "令和1年4月30日").Code);
        Assert.Equal("invalidDate", Error(Field(FieldType.Date), "来週").Code);

        var field = Field(FieldType.Date) with { MinDate = "2026-04-01", MaxDate = "2027-03-31" };
        Assert.Equal("2027-03-31", (string?)Answer(field, "R9.3.31"));
        var error = Error(field, "2026-03-31");
        Assert.Equal("dateOutOfRange", error.Code);
        Assert.Equal("項目は令和8年4月1日から令和9年3月31日までの日付を入力してください。", error.Message.Ja);
        Assert.Equal("The field must be a date from 2026-04-01 to 2027-03-31.", error.Message.En);
    }

    private static readonly ChoiceOption[] Options =
    [
        new() { Value = "a", Label = new LocalizedText("A") },
        new() { Value = "b", Label = new LocalizedText("B") },
        new() { Value = "c", Label = new LocalizedText("C") },
    ];

    [Fact]
    public void Choice_must_be_one_of_the_options()
    {
        var field = Field(FieldType.Choice) with { Choices = Options };
        Assert.Equal("b", (string?)Answer(field, " b "));
        Assert.Equal("invalidChoice", Error(field, "d").Code);
        Assert.Equal("invalidChoice", Error(field, "A").Code);
    }

    [Fact]
    public void MultiChoice_is_stored_in_definition_order()
    {
        var field = Field(FieldType.MultiChoice) with { Choices = Options };
        Assert.Equal("""["a","c"]""", Answer(field, "c", "a")!.ToJsonString());
    }

    [Theory]
    [InlineData("invalidChoice", "a", "x")]
    [InlineData("invalidChoice", "a", "a")]
    [InlineData("tooFewSelected", "a")]
    [InlineData("tooManySelected", "a", "b", "c")]
    public void MultiChoice_rejects_unknown_duplicate_and_out_of_range_selections(string code, params string[] values)
    {
        var field = Field(FieldType.MultiChoice) with { Choices = Options, MinSelected = 2, MaxSelected = 2 };
        Assert.Equal(code, Error(field, values).Code);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("YES", true)]
    [InlineData("true", true)]
    [InlineData("はい", true)]
    [InlineData("no", false)]
    [InlineData("false", false)]
    [InlineData("いいえ", false)]
    public void YesNo_is_stored_as_a_boolean(string input, bool expected)
    {
        Assert.Equal(expected, Answer(Field(FieldType.YesNo), input)!.GetValue<bool>());
    }

    [Fact]
    public void YesNo_rejects_other_words()
    {
        Assert.Equal("invalidYesNo", Error(Field(FieldType.YesNo), "maybe").Code);
    }

    [Fact]
    public void Email_is_narrowed_and_its_domain_lower_cased()
    {
        Assert.Equal("Taro@example.jp", (string?)Answer(Field(FieldType.Email), "Ｔａｒｏ＠Example.JP"));
        Assert.Equal("invalidEmail", Error(Field(FieldType.Email), "taro@example").Code);
    }

    [Fact]
    public void Phone_postal_code_and_corporate_number_are_normalised()
    {
        Assert.Equal("03-1234-5678", (string?)Answer(Field(FieldType.Phone), "０３－１２３４－５６７８"));
        Assert.Equal("invalidPhone", Error(Field(FieldType.Phone), "1234").Code);
        Assert.Equal("100-8914", (string?)Answer(Field(FieldType.PostalCode), "〒1008914"));
        Assert.Equal("invalidPostalCode", Error(Field(FieldType.PostalCode), "100-891").Code);
        Assert.Equal("7123456789012", (string?)Answer(Field(FieldType.CorporateNumber), "７-１２３４-５６７８-９０１２"));
    }

    [Fact]
    public void Corporate_number_with_a_wrong_check_digit_gets_its_own_message()
    {
        var malformed = Error(Field(FieldType.CorporateNumber), "12345");
        var mistyped = Error(Field(FieldType.CorporateNumber), "6123456789012");

        Assert.Equal("invalidCorporateNumber", malformed.Code);
        Assert.Equal("corporateNumberCheckDigit", mistyped.Code);
        Assert.NotEqual(malformed.Message, mistyped.Message);
    }

    [Fact]
    public void Kana_is_converted_to_full_width_katakana()
    {
        Assert.Equal("ヤマダ　タロウ", (string?)Answer(Field(FieldType.Kana), "ﾔﾏﾀﾞ ﾀﾛｳ"));
        Assert.Equal("ヤマダ　ハナコ", (string?)Answer(Field(FieldType.Kana), "やまだ　はなこ"));
        Assert.Equal("invalidKana", Error(Field(FieldType.Kana), "山田太郎").Code);
        Assert.Equal("tooLong", Error(Field(FieldType.Kana) with { MaxLength = 3 }, "ヤマダタロウ").Code);
    }

    private static FieldDefinition FileField(int maxFiles = 2, bool required = true) =>
        Field(FieldType.File, required: required) with { Accept = ["pdf", "png"], MaxFiles = maxFiles, MaxFileSizeBytes = 1000 };

    [Fact]
    public void Files_are_checked_but_not_put_into_the_answers()
    {
        var result = ValidateFiles(FileField(), new UploadedFileInfo("計画書.pdf", 500, "application/pdf", "pdf"), new UploadedFileInfo("scan.PNG", 1000, null, "png"));

        Assert.True(result.IsValid);
        Assert.Empty(result.Answers);
    }

    [Fact]
    public void Files_follow_the_default_limits_when_the_definition_gives_none()
    {
        var field = Field(FieldType.File);
        Assert.True(ValidateFiles(field, new UploadedFileInfo("a.jpg", 10 * 1024 * 1024, "image/jpeg", "jpeg")).IsValid);
        Assert.Equal("fileTooLarge", Assert.Single(ValidateFiles(field, new UploadedFileInfo("a.jpg", (10 * 1024 * 1024) + 1, "image/jpeg", "jpeg")).Errors).Code);
        Assert.Equal("tooManyFiles", Assert.Single(ValidateFiles(field, new UploadedFileInfo("a.pdf", 1, null, "pdf"), new UploadedFileInfo("b.pdf", 1, null, "pdf")).Errors).Code);
        Assert.Equal("fileTypeNotAllowed", Assert.Single(ValidateFiles(field, new UploadedFileInfo("a.gif", 1, null, "gif")).Errors).Code);
    }

    [Theory]
    [InlineData("a.pdf", 0L, "application/pdf", "pdf", "emptyFile")]
    [InlineData("a.pdf", 1001L, "application/pdf", "pdf", "fileTooLarge")]
    [InlineData("a.jpg", 10L, "image/jpeg", "jpeg", "fileTypeNotAllowed")]
    [InlineData("a.exe", 10L, "application/octet-stream", null, "fileTypeNotAllowed")]
    [InlineData("a.pdf", 10L, "application/pdf", "png", "fileTypeMismatch")]
    [InlineData("a.png", 10L, "application/pdf", "png", "fileTypeMismatch")]
    [InlineData("a.exe", 10L, null, "pdf", "fileTypeMismatch")]
    public void Files_with_bad_size_kind_or_declared_type_are_rejected(string name, long length, string? declared, string? detected, string code)
    {
        var error = Assert.Single(ValidateFiles(FileField(), new UploadedFileInfo(name, length, declared, detected)).Errors);
        Assert.Equal(code, error.Code);
        Assert.Contains(name, error.Message.Ja, StringComparison.Ordinal);
        Assert.Contains(name, error.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_accept_generic_declared_types_and_names_without_extension()
    {
        Assert.True(ValidateFiles(FileField(), new UploadedFileInfo("scan", 10, "application/octet-stream", "pdf")).IsValid);
        Assert.True(ValidateFiles(FileField(), new UploadedFileInfo("scan.pdf", 10, "", "pdf")).IsValid);
    }

    [Fact]
    public void Too_many_files_are_reported()
    {
        var file = new UploadedFileInfo("a.pdf", 10, "application/pdf", "pdf");
        var error = Assert.Single(ValidateFiles(FileField(maxFiles: 2), file, file, file).Errors);
        Assert.Equal("tooManyFiles", error.Code);
        Assert.Equal("The field accepts at most 2 file(s) (3 attached).", error.Message.En);
    }

    [Fact]
    public void Every_error_names_the_field_in_both_languages()
    {
        var field = new FieldDefinition { Id = "x", Type = FieldType.Phone, Label = new LocalizedText("日中の電話番号", "Daytime phone") };
        var error = Error(field, "abc");
        Assert.StartsWith("日中の電話番号", error.Message.Ja, StringComparison.Ordinal);
        Assert.StartsWith("Daytime phone", error.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void English_messages_fall_back_to_the_japanese_label()
    {
        var field = new FieldDefinition { Id = "x", Type = FieldType.Text, Label = new LocalizedText("氏名"), Required = true };
        Assert.Equal("氏名 is required.", Error(field).Message.En);
    }

    [Fact]
    public void A_sample_procedure_accepts_a_realistic_application()
    {
        var definition = ProcedureDefinitionParser.Parse(File.ReadAllText(Procedures.RepositoryFiles.PathOf("samples", "procedures", "business-subsidy.json"))).Definition!;
        var raw = new Dictionary<string, IReadOnlyList<string>>
        {
            ["corporateNumber"] = ["7000012050002"],
            ["corporateName"] = ["株式会社まどぐち製作所"],
            ["representativeName"] = ["山田　太郎"],
            ["representativeKana"] = ["ﾔﾏﾀﾞ ﾀﾛｳ"],
            ["postalCode"] = ["１００８９１４"],
            ["address"] = ["東京都千代田区永田町1-6-1"],
            ["phone"] = ["03-1234-5678"],
            ["email"] = ["info@madoguchi.example.jp"],
            ["amountRequested"] = ["1,500,000"],
            ["totalCost"] = ["2250000"],
            ["startDate"] = ["令和8年6月1日"],
            ["businessCategory"] = ["manufacturing"],
            ["purposes"] = ["energySaving", "productivity"],
            ["receivedBefore"] = ["いいえ"],
        };
        var files = new Dictionary<string, IReadOnlyList<UploadedFileInfo>>
        {
            ["businessPlan"] = [new UploadedFileInfo("事業計画書.pdf", 200_000, "application/pdf", "pdf")],
            ["quotations"] = [new UploadedFileInfo("見積1.pdf", 50_000, "application/pdf", "pdf"), new UploadedFileInfo("見積2.jpg", 80_000, "image/jpeg", "jpeg")],
        };

        var result = AnswerValidator.Validate(definition, raw, files, Today);

        Assert.Empty(result.Errors.Select(e => e.Message.En));
        Assert.Equal("ヤマダ　タロウ", (string?)result.Answers["representativeKana"]);
        Assert.Equal(1_500_000L, result.Answers["amountRequested"]!.GetValue<long>());
        Assert.Equal("2026-06-01", (string?)result.Answers["startDate"]);
        Assert.Equal("""["productivity","energySaving"]""", result.Answers["purposes"]!.ToJsonString());
        Assert.False(result.Answers["receivedBefore"]!.GetValue<bool>());
        Assert.False(result.Answers.ContainsKey("businessPlan"));
    }
}
