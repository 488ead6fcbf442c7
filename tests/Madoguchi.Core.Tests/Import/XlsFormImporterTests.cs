using System.Text;
using Madoguchi.Core.Import;
using Madoguchi.Core.Procedures;
using static Madoguchi.Core.Tests.Import.ImportAssertions;

namespace Madoguchi.Core.Tests.Import;

/// <summary>XLSForm workbooks (built from tests/fixtures/odk/*.xlsform.txt) translated into procedure definitions.</summary>
public sealed class XlsFormImporterTests
{
    public static TheoryData<string> Fixtures => new() { "childcare.xlsform.txt", "kitchen-sink.xlsform.txt", "unsupported.xlsform.txt" };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_fixture_imports_into_a_valid_definition(string fixture)
    {
        var result = ImportXlsForm(fixture);

        AssertValid(result);
        Assert.All(result.Issues, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.MessageJa));
            Assert.False(string.IsNullOrWhiteSpace(i.MessageEn));
            Assert.NotNull(i.Sheet);
        });
    }

    /// <summary>
    /// Nothing is dropped silently: every survey row that is a question either became a field (by its name or the
    /// renamed id reported for its row) or has an issue of severity Error, Warning or Info on that very row.
    /// </summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_question_row_becomes_a_field_or_is_reported_on_its_row(string fixture)
    {
        var result = ImportXlsForm(fixture);
        var definition = AssertValid(result);
        var ids = definition.AllFields.Select(f => f.Id).Concat(definition.Pages.Select(p => p.Id)).ToHashSet(StringComparer.Ordinal);
        var survey = XlsxFixture.ParseSheets(File.ReadAllText(XlsxFixture.FixturePath(fixture)))["survey"];
        var nameColumn = Array.IndexOf(survey[0], "name");
        for (var i = 1; i < survey.Count; i++)
        {
            var row = i + 1;
            var type = survey[i][0];
            if (type.StartsWith("end", StringComparison.Ordinal) && !result.Issues.Any(x => x.Row == row))
            {
                continue;
            }

            var name = survey[i].Length > nameColumn ? survey[i][nameColumn] : "";
            var flattened = result.Issues.Any(x => x.Row == row && x.Code == "groupFlattened");
            Assert.True(ids.Contains(name) || flattened || result.Issues.Any(x => x.Row == row && x.Sheet == "survey"),
                $"Row {row} ({type} {name}) neither became a field nor has an issue.\n{Describe(result.Issues)}");
        }
    }

    [Fact]
    public void Childcare_form_translates_pages_fields_choices_repeats_and_rules()
    {
        var result = ImportXlsForm("childcare.xlsform.txt");
        var d = AssertValid(result);

        Assert.Equal("childcare-subsidy", d.Slug);
        Assert.Equal("保育料補助金の申請", d.Title.Ja);
        Assert.Equal(new LocalizedText("子育て支援課", "Child Support Division"), d.Department);
        Assert.Equal("childcare_subsidy", result.SourceFormId);
        Assert.Equal("2026040101", result.SourceVersion);

        // Two field-list groups are pages; the rest (a plain group) forms a page of its own, titled like the form.
        Assert.Equal(["applicant", "children_page", "page3"], d.Pages.Select(p => p.Id));
        Assert.Equal(new LocalizedText("申請者", "Applicant"), d.Pages[0].Title);
        Assert.Equal("保育料補助金の申請", d.Pages[2].Title.Ja);

        var name = Field(d, "applicant_name");
        Assert.Equal(FieldType.Text, name.Type);
        Assert.Equal(new LocalizedText("氏名", "Full name"), name.Label);
        Assert.Equal(new LocalizedText("戸籍に記載の氏名", "Name as registered"), name.Hint);
        Assert.True(name.Required);
        Assert.Equal(50, name.MaxLength);

        var household = Field(d, "household_type");
        Assert.Equal(FieldType.Choice, household.Type);
        Assert.Equal("select", household.Display);
        Assert.Equal(["couple", "single", "other"], household.Choices!.Select(c => c.Value));
        Assert.Equal(new LocalizedText("ひとり親", "Single parent"), household.Choices![1].Label);

        var note = Field(d, "single_parent_note");
        Assert.Equal(FieldType.TextArea, note.Type);
        Assert.Equal("household_type = 'single'", note.VisibleWhen);
        Assert.Equal("household_type = 'single'", note.RequiredWhen);
        Assert.False(note.Required);

        var consent = Field(d, "consent");
        Assert.Equal(FieldType.YesNo, consent.Type);
        Assert.True(consent.Required);

        var children = Field(d, "children");
        Assert.Equal(FieldType.Repeat, children.Type);
        Assert.Equal(5, children.MaxRows);
        Assert.Equal(["child_name", "child_age", "child_services"], children.RowFields.Select(f => f.Id));
        Assert.Equal((0m, 18m), (Field(d, "child_age").Min!.Value, Field(d, "child_age").Max!.Value));
        Assert.Equal(FieldType.MultiChoice, Field(d, "child_services").Type);
        Assert.Equal(2, Field(d, "child_services").MaxSelected);
        Assert.Equal("child_age < 6", Field(d, "child_services").VisibleWhen);

        Assert.Equal(0m, Field(d, "monthly_fee").Min);
        Assert.Equal(0m, Field(d, "income").Min);
        Assert.Null(Field(d, "income").Max);
        Assert.Equal((FieldType.Integer, "count(children)"), (Field(d, "child_count").Type, Field(d, "child_count").Calculate));
        Assert.Equal((FieldType.Integer, "monthly_fee * 12"), (Field(d, "total_fee").Type, Field(d, "total_fee").Calculate));
        Assert.Equal("if(income < 360, round(total_fee / 2, 0), 0)", Field(d, "subsidy").Calculate);

        var summary = Field(d, "summary_note");
        Assert.Equal(FieldType.Paragraph, summary.Type);
        Assert.Equal("お子さん ${child_count} 人分の申請です。", summary.Text!.Ja);
        Assert.Equal("child_count > 0", summary.VisibleWhen);

        var extra = Field(d, "extra");
        Assert.Equal(FieldType.Section, extra.Type);
        Assert.Equal("household_type != 'couple'", extra.VisibleWhen);
        Assert.Equal("[^<>]*", Field(d, "remarks").Pattern);
        Assert.Equal(new LocalizedText("記号 < > は使えません", "The signs < and > are not allowed"), Field(d, "remarks").PatternMessage);

        Assert.Equal(["birth_date_constraint", "consent_confirmed", "income_constraint"], d.Checks.Select(c => c.Id));
        Assert.Equal("birth_date <= today()", d.Checks[0].Assert);
        Assert.Equal(new LocalizedText("今日以前の日付を入力してください", "Enter a date not after today"), d.Checks[0].Message);
        Assert.Equal(["birth_date"], d.Checks[0].Fields);
        Assert.Equal("consent = true", d.Checks[1].Assert);
        Assert.Equal("確認にチェックしてください", d.Checks[1].Message.Ja);
        Assert.Equal("income < 100000", d.Checks[2].Assert);

        Assert.False(result.HasErrors, Describe(result.Issues));
        Assert.Contains(result.Issues, i => i is { Code: "labelReference", Row: 20, Column: "label" });
        Assert.Contains(result.Issues, i => i is { Code: "hiddenCalculation", Severity: ImportSeverity.Info, Row: 17 });
    }

    [Theory]
    [InlineData("first_name", "minLength", "1")]
    [InlineData("first_name", "maxLength", "20")]
    [InlineData("age", "min", "1")]
    [InlineData("age", "max", "129")]
    [InlineData("dob", "minDate", "1900-01-01")]
    [InlineData("dob", "maxDate", "2026-03-31")]
    [InlineData("pets", "minSelected", "1")]
    [InlineData("pets", "maxSelected", "2")]
    [InlineData("dog_name", "visibleWhen", "selected(pets, 'dog') and not(age > 65)")]
    [InlineData("car_number", "visibleWhen", "has_car = 'yes'")]
    [InlineData("car_number", "pattern", ".*(?:[0-9]{4}).*")]
    [InlineData("weight", "min", "0.5")]
    [InlineData("weight", "max", "200.25")]
    [InlineData("full_name", "calculate", "first_name & ' ' & field")]
    [InlineData("age_years", "calculate", "age(dob)")]
    [InlineData("days_since", "calculate", "days(dob, move_in)")]
    [InlineData("is_senior", "calculate", "age >= 65 or age_years >= 65")]
    [InlineData("deadline", "calculate", "date('2026-04-01')")]
    [InlineData("half", "calculate", "age / 2")]
    [InlineData("parity", "calculate", "age - 2 * if(age / 2 < 0, ceil(age / 2), floor(age / 2))")]
    [InlineData("bounded", "calculate", "max(age, 18) + min(floor(weight), ceil(weight)) + abs(-age) + round(weight, 0)")]
    [InlineData("safe_weight", "calculate", "coalesce(weight, 0) * 1.5")]
    [InlineData("named", "calculate", "if(contains(first_name, 'x') and not(isBlank(dog_name)), 'yes', 'no')")]
    [InlineData("name_length", "calculate", "len(first_name)")]
    [InlineData("quoted", "calculate", "'it''s ' & first_name")]
    [InlineData("outer", "visibleWhen", "age >= 18")]
    [InlineData("deep_text", "visibleWhen", "has_car = 'yes' and not(isBlank(pets))")]
    [InlineData("minor_note", "visibleWhen", "age < 18")]
    [InlineData("guardian_ok", "visibleWhen", "age < 18")]
    [InlineData("guardian_ok", "requiredWhen", "age < 15")]
    [InlineData("vehicles", "visibleWhen", "has_car = 'yes'")]
    [InlineData("plate", "maxLength", "10")]
    [InlineData("cc", "min", "50")]
    [InlineData("cc_litres", "calculate", "cc / 1000")]
    [InlineData("total_cc", "calculate", "sum(vehicles.cc)")]
    [InlineData("vehicle_count", "calculate", "count(vehicles)")]
    [InlineData("score", "min", "0")]
    [InlineData("free_text", "maxLength", "1000")]
    public void Kitchen_sink_expressions_and_limits_translate(string id, string property, string expected)
    {
        var d = AssertValid(ImportXlsForm("kitchen-sink.xlsform.txt"));
        var field = Field(d, id);
        var actual = property switch
        {
            "minLength" => field.MinLength?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "maxLength" => field.MaxLength?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "min" => field.Min?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "max" => field.Max?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "minDate" => field.MinDate,
            "maxDate" => field.MaxDate,
            "minSelected" => field.MinSelected?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "maxSelected" => field.MaxSelected?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "visibleWhen" => field.VisibleWhen,
            "requiredWhen" => field.RequiredWhen,
            "pattern" => field.Pattern,
            "calculate" => field.Calculate,
            _ => throw new ArgumentOutOfRangeException(nameof(property)),
        };
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Kitchen_sink_types_ids_and_groups()
    {
        var result = ImportXlsForm("kitchen-sink.xlsform.txt");
        var d = AssertValid(result);

        Assert.Equal("kitchen-sink-v2", d.Slug);
        Assert.Single(d.Pages);
        var types = new Dictionary<string, FieldType>
        {
            ["first_name"] = FieldType.Text, ["field_1st_choice"] = FieldType.Text, ["field"] = FieldType.Text, ["age"] = FieldType.Integer,
            ["dob"] = FieldType.Date, ["pets"] = FieldType.MultiChoice, ["has_car"] = FieldType.Choice, ["weight"] = FieldType.Decimal,
            ["full_name"] = FieldType.Text, ["age_years"] = FieldType.Integer, ["is_senior"] = FieldType.YesNo, ["deadline"] = FieldType.Date,
            ["half"] = FieldType.Decimal, ["outer"] = FieldType.Section, ["middle"] = FieldType.Section, ["inner"] = FieldType.Section,
            ["minor_note"] = FieldType.Paragraph, ["guardian_ok"] = FieldType.YesNo, ["vehicles"] = FieldType.Repeat, ["free_text"] = FieldType.TextArea,
        };
        Assert.All(types, t => Assert.Equal(t.Value, Field(d, t.Key).Type));

        // Required from TRUE (a boolean cell), true() and yes; "no" is not required.
        Assert.True(Field(d, "first_name").Required);
        Assert.True(Field(d, "field_1st_choice").Required);
        Assert.False(Field(d, "score").Required);

        // Names that are not Madoguchi ids are renamed, each with an Info on its row.
        Assert.Contains(result.Issues, i => i is { Code: "renamedId", Severity: ImportSeverity.Info, Row: 2, Text: "first-name" });
        Assert.Contains(result.Issues, i => i is { Code: "renamedId", Row: 3, Text: "1st_choice" });
        Assert.Contains(result.Issues, i => i is { Code: "renamedId", Row: 4, Text: "氏名" });

        // A fourth level of groups and a group without a label are flattened; their relevance moves onto the questions.
        Assert.DoesNotContain(d.AllFields, f => f.Id is "deepest" or "unlabeled");
        Assert.Contains(result.Issues, i => i is { Code: "groupFlattened", Severity: ImportSeverity.Warning, Row: 28 });
        Assert.Contains(result.Issues, i => i is { Code: "groupFlattened", Severity: ImportSeverity.Info, Row: 34 });
        Assert.Equal(new LocalizedText("未成年の方は保護者の同意が必要です。\n同意書を添付してください。", "Minors need a guardian's consent.\nAttach the consent form."), Field(d, "minor_note").Text);

        // The remaining part of a partly absorbed constraint becomes a check with the constraint message.
        var check = Assert.Single(d.Checks);
        Assert.Equal(("score_constraint", "score != 13", "13点は使えません"), (check.Id, check.Assert, check.Message.Ja));
        Assert.Contains(result.Issues, i => i is { Code: "unsupportedAppearance", Row: 10, Column: "appearance", Text: "likert" });
        Assert.False(result.HasErrors, Describe(result.Issues));
    }

    [Theory]
    [InlineData(ImportSeverity.Info, "metadata", 2, "type")]
    [InlineData(ImportSeverity.Info, "metadata", 3, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", 4, "type")]
    [InlineData(ImportSeverity.Error, "defaultValue", 5, "default")]
    [InlineData(ImportSeverity.Warning, "unsupportedColumn", 5, "guidance_hint")]
    [InlineData(ImportSeverity.Error, "unsupportedType", 6, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", 7, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", 8, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", 9, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", 10, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", 11, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", 12, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", 13, "type")]
    [InlineData(ImportSeverity.Error, "choiceFilter", 14, "choice_filter")]
    [InlineData(ImportSeverity.Error, "orOther", 15, "type")]
    [InlineData(ImportSeverity.Error, "missingList", 16, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedExpression", 17, "relevant")]
    [InlineData(ImportSeverity.Error, "unsupportedExpression", 18, "relevant")]
    [InlineData(ImportSeverity.Error, "unsupportedExpression", 19, "relevant")]
    [InlineData(ImportSeverity.Error, "unsupportedExpression", 20, "relevant")]
    [InlineData(ImportSeverity.Error, "unsupportedExpression", 21, "calculation")]
    [InlineData(ImportSeverity.Error, "unsupportedExpression", 22, "relevant")]
    [InlineData(ImportSeverity.Warning, "missingLabel", 22, "label")]
    [InlineData(ImportSeverity.Error, "repeatCount", 24, "repeat_count")]
    [InlineData(ImportSeverity.Error, "unsupportedExpression", 25, "constraint")]
    [InlineData(ImportSeverity.Error, "nestedRepeat", 26, "type")]
    [InlineData(ImportSeverity.Error, "unmatchedEnd", 30, "type")]
    [InlineData(ImportSeverity.Error, "hiddenValue", 31, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedType", 32, "type")]
    [InlineData(ImportSeverity.Error, "unsupportedExpression", 33, "relevant")]
    [InlineData(ImportSeverity.Error, "unsupportedColumn", 34, "media::image")]
    [InlineData(ImportSeverity.Warning, "calculationReadOnly", 35, "calculation")]
    [InlineData(ImportSeverity.Warning, "unsupportedLanguage", 1, "label::French (fr)")]
    [InlineData(ImportSeverity.Warning, "unknownColumn", 1, "notes")]
    public void Unsupported_constructs_are_reported_on_their_row_and_column(ImportSeverity severity, string code, int row, string column)
    {
        var result = ImportXlsForm("unsupported.xlsform.txt");

        Assert.True(result.Issues.Any(i => i.Severity == severity && i.Code == code && i.Row == row && i.Column == column && i.Sheet == "survey"),
            $"Expected {severity} {code} at survey row {row} [{column}].\n{Describe(result.Issues)}");
    }

    [Fact]
    public void Unsupported_fixture_keeps_what_it_can_and_drops_the_rest()
    {
        var result = ImportXlsForm("unsupported.xlsform.txt");
        var d = AssertValid(result);

        Assert.Equal("x-form", d.Slug);
        Assert.Contains(result.Issues, i => i is { Code: "unsupportedSetting", Sheet: "settings", Row: 2, Column: "instance_name" });
        Assert.Contains(result.Issues, i => i is { Code: "unsupportedColumn", Sheet: "choices", Column: "region" });
        foreach (var dropped in new[] { "start", "device", "location", "photo", "visit_time", "visit_at", "code", "rating", "ranking", "city", "missing", "ddt", "member_jobs", "job", "secret", "voice" })
        {
            Assert.Null(d.FindField(dropped));
        }

        // Kept, without the constructs that could not be translated.
        Assert.Null(Field(d, "near").VisibleWhen);
        Assert.Null(Field(d, "members").MaxRows);
        Assert.Equal(["member_name"], Field(d, "members").RowFields.Select(f => f.Id));
        Assert.Equal(["north", "south"], Field(d, "area2").Choices!.Select(c => c.Value));
        Assert.Equal("count_input + 1", Field(d, "next_count").Calculate);
        Assert.Empty(d.Checks);
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void Inline_strings_and_unseekable_streams_read_the_same()
    {
        var expected = ProcedureJson.Serialize(AssertValid(ImportXlsForm("childcare.xlsform.txt")));

        var inline = XlsFormImporter.Import(XlsxFixture.Open("childcare.xlsform.txt", inlineStrings: true), Options);
        using var bytes = XlsxFixture.Open("childcare.xlsform.txt");
        using var unseekable = new ForwardOnlyStream(bytes.ToArray());
        var streamed = XlsFormImporter.Import(unseekable, Options);

        Assert.Equal(expected, ProcedureJson.Serialize(inline.Definition!));
        Assert.Equal(expected, ProcedureJson.Serialize(streamed.Definition!));
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_one_error_and_no_definition()
    {
        var result = XlsFormImporter.Import(new MemoryStream(Encoding.UTF8.GetBytes("type,name,label\ntext,a,A\n")), Options);

        Assert.Null(result.Definition);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(("unreadable", ImportSeverity.Error), (issue.Code, issue.Severity));
    }

    [Fact]
    public void A_workbook_without_survey_sheet_or_questions_has_no_definition()
    {
        var noSurvey = XlsFormImporter.Import(XlsxFixture.FromText("## settings\nform_title\nx\n"), Options);
        Assert.Null(noSurvey.Definition);
        Assert.Contains(noSurvey.Issues, i => i.Code == "noSurvey");

        var empty = XlsFormImporter.Import(XlsxFixture.FromText("## survey\ntype\tname\tlabel\ngeopoint\twhere\tWhere\n"), Options);
        Assert.Null(empty.Definition);
        Assert.Contains(empty.Issues, i => i is { Code: "unsupportedType", Row: 2 });
        Assert.Contains(empty.Issues, i => i.Code == "emptyForm");
    }

    [Fact]
    public void The_slug_comes_from_the_options_when_valid()
    {
        const string Form = "## survey\ntype\tname\tlabel\ntext\ta\tA\n## settings\nform_title\tform_id\nT\tMy Form!\n";

        Assert.Equal("my-form", AssertValid(XlsFormImporter.Import(XlsxFixture.FromText(Form), Options)).Slug);
        Assert.Equal("dog-tax", AssertValid(XlsFormImporter.Import(XlsxFixture.FromText(Form), Options with { Slug = "dog-tax" })).Slug);

        var invalid = XlsFormImporter.Import(XlsxFixture.FromText(Form), Options with { Slug = "Dog Tax" });
        Assert.Equal("my-form", AssertValid(invalid).Slug);
        Assert.Contains(invalid.Issues, i => i is { Code: "invalidSlug", Severity: ImportSeverity.Error });
    }

    [Fact]
    public void English_only_forms_use_english_as_japanese_and_say_so_once()
    {
        const string Form = "## survey\ntype\tname\tlabel::English (en)\thint::English (en)\ntext\ta\tName\tAs in your passport\ninteger\tb\tAge\n## settings\nform_title\nPermit\n";
        var result = XlsFormImporter.Import(XlsxFixture.FromText(Form), Options);
        var d = AssertValid(result);

        Assert.Equal(new LocalizedText("Name"), Field(d, "a").Label);
        Assert.Equal(new LocalizedText("As in your passport"), Field(d, "a").Hint);
        Assert.Equal("imported-form", d.Slug);
        var warning = Assert.Single(result.Issues, i => i.Code == "missingJapanese");
        Assert.Equal(ImportSeverity.Warning, warning.Severity);
    }

    [Fact]
    public void Default_language_decides_what_an_unqualified_label_column_is()
    {
        const string Form = "## survey\ntype\tname\tlabel\tlabel::日本語\ntext\ta\tName\t氏名\n## settings\ndefault_language\nEnglish (en)\n";
        var d = AssertValid(XlsFormImporter.Import(XlsxFixture.FromText(Form), Options));

        Assert.Equal(new LocalizedText("氏名", "Name"), Field(d, "a").Label);
    }

    [Fact]
    public void Loops_are_dropped_with_their_questions_and_a_note_alone_still_makes_a_page()
    {
        const string Form = "## survey\ntype\tname\tlabel\tappearance\n" +
            "begin group\tintro\tはじめに\tfield-list\n" + "note\twelcome\tようこそ\n" + "end group\n" +
            "begin loop over ab\tper_item\t項目ごと\n" + "integer\tqty\t数量\n" + "end loop\n" +
            "text\tlast\t最後\n" +
            "## choices\nlist_name\tname\tlabel\nab\ta\tA\n";
        var result = XlsFormImporter.Import(XlsxFixture.FromText(Form), Options);
        var d = AssertValid(result);

        Assert.Equal(["intro", "page2"], d.Pages.Select(p => p.Id));
        Assert.Equal(["welcome"], d.Pages[0].Fields.Select(f => f.Id));
        Assert.Equal(["last"], d.Pages[1].Fields.Select(f => f.Id));
        Assert.Contains(result.Issues, i => i is { Code: "unsupportedType", Severity: ImportSeverity.Error, Row: 5 });
        Assert.Contains(result.Issues, i => i is { Code: "insideDropped", Severity: ImportSeverity.Error, Row: 6 });
        Assert.DoesNotContain(result.Issues, i => i.Row == 7);
    }

    [Fact]
    public void Options_must_name_a_department()
    {
        Assert.Throws<ArgumentException>(() => XlsFormImporter.Import(new MemoryStream(), new ImportOptions(" ")));
        Assert.Throws<ArgumentNullException>(() => XlsFormImporter.Import(null!, Options));
    }

    /// <summary>A stream that can only be read forwards, like a network upload.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
