using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Madoguchi.Core.Exports;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Exports;

/// <summary>Export rows from canonical answers, the column mapping, formula neutralisation and the writers.</summary>
public sealed class ExportTests
{
    private static readonly ProcedureDefinition Definition = ProcedureDefinitionParser.Parse("""
        {
          "format": 1, "slug": "exp", "title": { "ja": "テスト" }, "department": { "ja": "テスト課" },
          "pages": [ { "id": "p1", "title": { "ja": "1" }, "fields": [
            { "id": "applicant", "type": "name", "label": { "ja": "氏名" } },
            { "id": "note", "type": "text", "label": { "ja": "備考" } },
            { "id": "count", "type": "integer", "label": { "ja": "人数" } },
            { "id": "day", "type": "date", "label": { "ja": "日付" } },
            { "id": "kind", "type": "choice", "label": { "ja": "種別" }, "choices": [ { "value": "a", "label": { "ja": "甲" } }, { "value": "b", "label": { "ja": "乙" } } ] },
            { "id": "tags", "type": "multiChoice", "label": { "ja": "分類" }, "choices": [ { "value": "x", "label": { "ja": "X" } }, { "value": "y", "label": { "ja": "Y" } } ] },
            { "id": "invoices", "type": "repeat", "label": { "ja": "請求書" }, "maxRows": 2, "fields": [
              { "id": "amount", "type": "integer", "label": { "ja": "金額" } },
              { "id": "memo", "type": "text", "label": { "ja": "摘要" } } ] }
          ] } ]
        }
        """).Definition!;

    private static ExportRecord Record(string receipt, JsonObject answers) =>
        new(receipt, new DateTime(2026, 3, 31, 15, 30, 0, DateTimeKind.Utc), "Received", "Web", 1, answers.ToJsonString());

    private static JsonObject Answers(string note = "特になし") => new()
    {
        ["applicant"] = new JsonObject { ["family"] = "山田", ["given"] = "太郎", ["familyKana"] = "ヤマダ", ["givenKana"] = "タロウ" },
        ["note"] = note,
        ["count"] = -3,
        ["day"] = "2026-04-01",
        ["kind"] = "a",
        ["tags"] = new JsonArray("x", "y"),
        ["invoices"] = new JsonArray(new JsonObject { ["amount"] = 100, ["memo"] = "一" }, new JsonObject { ["amount"] = 200, ["memo"] = "二" }),
    };

    private static List<string[]> Rows(ExportPlan plan, ExportTable table, params ExportRecord[] records)
    {
        var rows = new List<string[]>();
        var buffer = new ExportCell[table.Headers.Count];
        foreach (var r in records)
        {
            plan.Fill(table, r, buffer, cells => rows.Add(cells.Select(c => c.Value ?? "").ToArray()));
        }

        return rows;
    }

    [Fact]
    public void Default_columns_flatten_composites_choices_and_repeats_with_japan_time()
    {
        var plan = ExportPlan.Create(Definition, new ExportOptions { Choices = ChoiceOutput.Both });
        var h = plan.Main.Headers;
        Assert.Equal(["receiptNumber", "submittedAt", "status", "channel", "applicant.family", "applicant.given", "applicant.familyKana", "applicant.givenKana", "note", "count", "day", "kind", "kind.label", "tags", "tags.label",
            "invoices[1].amount", "invoices[1].memo", "invoices[2].amount", "invoices[2].memo"], h);
        var row = Rows(plan, plan.Main, Record("R-1", Answers())).Single();
        Assert.Equal("2026-04-01T00:30:00+09:00", row[1]);
        Assert.Equal("山田", row[4]);
        Assert.Equal("-3", row[9]);
        Assert.Equal("a", row[11]);
        Assert.Equal("甲", row[12]);
        Assert.Equal("x;y", row[13]);
        Assert.Equal("X;Y", row[14]);
        Assert.Equal(["100", "一", "200", "二"], row[15..]);
        Assert.Empty(plan.Children);
    }

    [Fact]
    public void Child_mode_writes_one_row_per_repeat_row_keyed_by_receipt_number()
    {
        var plan = ExportPlan.Create(Definition, new ExportOptions { Repeats = RepeatMode.Child });
        Assert.DoesNotContain(plan.Main.Headers, x => x.StartsWith("invoices", StringComparison.Ordinal));
        var child = Assert.Single(plan.Children);
        Assert.Equal("invoices", child.Name);
        Assert.Equal(["receiptNumber", "row", "amount", "memo"], child.Headers);
        var rows = Rows(plan, child, Record("R-1", Answers()), Record("R-2", new JsonObject()));
        Assert.Equal(2, rows.Count);
        Assert.Equal(["R-1", "2", "200", "二"], rows[1]);
    }

    [Fact]
    public void Mapping_orders_renames_codes_and_formats_dates()
    {
        var (mapping, problems) = ExportMappingParser.Parse("""
            { "format": 1, "dateFormat": "wareki", "columns": [
              { "source": "receiptNumber", "header": "UKETSUKE" },
              { "source": "kind", "header": "SHUBETSU", "codes": { "a": "01", "b": "02" } },
              { "source": "applicant.family", "header": "SEI" },
              { "source": "day", "header": "HIZUKE", "dateFormat": "yyyymmdd" },
              { "source": "submittedAt", "header": "SHINSEI" },
              { "source": "invoices.amount", "header": "KINGAKU{n}" } ] }
            """, Definition);
        Assert.Empty(problems);
        var plan = ExportPlan.Create(Definition, new ExportOptions(), mapping);
        Assert.Equal(["UKETSUKE", "SHUBETSU", "SEI", "HIZUKE", "SHINSEI", "KINGAKU1", "KINGAKU2"], plan.Main.Headers);
        Assert.Equal(["R-1", "01", "山田", "20260401", "令和8年4月1日", "100", "200"], Rows(plan, plan.Main, Record("R-1", Answers())).Single());
    }

    [Fact]
    public void Mapping_problems_name_the_json_path_in_both_languages()
    {
        var (mapping, problems) = ExportMappingParser.Parse("""
            { "format": 1, "dateFormat": "reiwa", "columns": [
              { "source": "nosuch" },
              { "source": "kind", "codes": { "a": "01", "c": "03" } },
              { "source": "note", "header": "X" }, { "source": "count", "header": "X" } ] }
            """, Definition);
        Assert.Null(mapping);
        var paths = problems.Select(p => p.Path).ToList();
        Assert.Contains("$.dateFormat", paths);
        Assert.Contains("$.columns[0].source", paths);
        Assert.Contains("$.columns[1].codes", paths);     // b has no code
        Assert.Contains("$.columns[1].codes.c", paths);   // c is no choice
        Assert.Contains("$.columns[3].header", paths);
        Assert.True(problems.Count >= 5);
        Assert.All(problems, p => Assert.False(string.IsNullOrEmpty(p.Message.En)));

        var (_, broken) = ExportMappingParser.Parse("""{ "columns": [ { "source": "note", "colour": 1 } ] }""", Definition);
        Assert.StartsWith("$.columns[0]", Assert.Single(broken).Path, StringComparison.Ordinal);
    }

    public static TheoryData<string> FormulaPayloads => new() { "=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\0x", "=HYPERLINK(\"http://x\",\"y\")" };

    [Theory, MemberData(nameof(FormulaPayloads))]
    public void Csv_neutralises_text_that_a_spreadsheet_would_read_as_a_formula(string payload)
    {
        var csv = Csv(ExportFormat.Csv, Answers(payload), out _);
        var plan = ExportPlan.Create(Definition, new ExportOptions());
        var line = TestCsv.Parse(csv)[1];
        Assert.Equal("'" + payload, line[plan.Main.Headers.ToList().IndexOf("note")]);
        Assert.Equal("-3", line[plan.Main.Headers.ToList().IndexOf("count")]); // numbers stay numbers
    }

    [Fact]
    public void Csv_quotes_commas_quotes_and_newlines_with_crlf_rows_and_bom_only_when_asked()
    {
        var csv = Csv(ExportFormat.Csv, Answers("a,b \"c\"\nd"), out _);
        Assert.Contains("\"a,b \"\"c\"\"\nd\"", Encoding.UTF8.GetString(csv), StringComparison.Ordinal);
        Assert.Equal("a,b \"c\"\nd", TestCsv.Parse(csv)[1][8]);
        Assert.EndsWith("\r\n", Encoding.UTF8.GetString(csv), StringComparison.Ordinal);
        Assert.NotEqual(0xEF, csv[0]);
        var bom = Csv(ExportFormat.CsvBom, Answers(), out _);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bom[..3]);
        Assert.Equal(Csv(ExportFormat.Csv, Answers(), out _), bom[3..]);
    }

    [Fact]
    public void Shift_jis_reports_unmappable_characters_with_row_and_column_and_keeps_cp932_ones()
    {
        Csv(ExportFormat.Sjis, Answers("髙橋①～"), out var ok);
        Assert.Empty(ok.Unmappable);

        Csv(ExportFormat.Sjis, Answers("𠮷野家😀〜"), out var bad);
        Assert.Equal(3, bad.UnmappableCount);
        Assert.Equal(["U+20BB7", "U+1F600", "U+301C"], bad.Unmappable.Select(u => u.CodePoint));
        Assert.All(bad.Unmappable, u => Assert.Equal((1L, "note"), (u.Row, u.Column)));
    }

    [Fact]
    public async Task Shift_jis_round_trips_through_iconv()
    {
        var text = "髙橋 ①ｱｲｳ～－ 東京都千代田区, \"引用\"";
        var bytes = Csv(ExportFormat.Sjis, Answers(text), out var writer);
        Assert.Empty(writer.Unmappable);
        var iconv = new ProcessStartInfo("iconv", "-f CP932 -t UTF-8") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(iconv)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        await process.StandardInput.BaseStream.WriteAsync(bytes);
        process.StandardInput.Close();
        await copy;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        var back = TestCsv.Parse(output.ToArray());
        Assert.Equal(text, back[1][8]);
        Assert.Equal("山田", back[1][4]);
    }

    [Fact]
    public void Xlsx_cells_are_inline_strings_or_numbers_never_formulas_and_values_are_kept()
    {
        var plan = ExportPlan.Create(Definition, new ExportOptions { Repeats = RepeatMode.Child });
        using var output = new MemoryStream();
        using (var writer = new XlsxTableWriter(output))
        {
            foreach (var table in plan.Tables)
            {
                writer.BeginTable(table);
                var buffer = new ExportCell[table.Headers.Count];
                plan.Fill(table, Record("R-1", Answers("=1+1")), buffer, writer.WriteRow);
                writer.EndTable();
            }

            writer.Complete();
        }

        output.Position = 0;
        using var doc = SpreadsheetDocument.Open(output, false);
        var sheets = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["applications", "invoices"], sheets.Select(s => s.Name!.Value));
        var part = (WorksheetPart)doc.WorkbookPart.GetPartById(sheets[0].Id!);
        var cells = part.Worksheet.Descendants<Cell>().ToList();
        Assert.Empty(part.Worksheet.Descendants<CellFormula>());
        var note = cells.Single(c => c.CellReference == "I2");
        Assert.Equal(CellValues.InlineString, note.DataType!.Value);
        Assert.Equal("=1+1", note.InlineString!.InnerText);
        var count = cells.Single(c => c.CellReference == "J2");
        Assert.Null(count.DataType);
        Assert.Equal("-3", count.CellValue!.Text);
        var child = (WorksheetPart)doc.WorkbookPart.GetPartById(sheets[1].Id!);
        Assert.Equal(3, child.Worksheet.Descendants<Row>().Count());
    }

    [Fact]
    public void Json_lines_hold_one_application_per_line_with_canonical_answers()
    {
        using var output = new MemoryStream();
        using (var writer = new JsonLinesWriter(output))
        {
            writer.Write(Record("R-1", Answers()));
            writer.Write(Record("R-2", new JsonObject { ["note"] = "x" }));
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var first = JsonNode.Parse(lines[0])!;
        Assert.Equal("R-1", first["receiptNumber"]!.GetValue<string>());
        Assert.Equal(-3, first["answers"]!["count"]!.GetValue<int>());
        Assert.Equal("x", JsonNode.Parse(lines[1])!["answers"]!["note"]!.GetValue<string>());
    }

    private static readonly int[] ColumnIndexes = [0, 25, 26, 51, 52, 701, 702];

    [Fact]
    public void Xlsx_column_names_follow_a1_letters()
    {
        Assert.Equal(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"], ColumnIndexes.Select(XlsxTableWriter.ColumnName));
    }

    private static byte[] Csv(ExportFormat format, JsonObject answers, out CsvTableWriter writer)
    {
        var plan = ExportPlan.Create(Definition, new ExportOptions());
        using var output = new MemoryStream();
        writer = new CsvTableWriter(output, format);
        writer.BeginTable(plan.Main);
        var buffer = new ExportCell[plan.Main.Headers.Count];
        plan.Fill(plan.Main, Record("R-1", answers), buffer, writer.WriteRow);
        writer.EndTable();
        writer.Complete();
        writer.Dispose();
        return output.ToArray();
    }
}
