using System.Diagnostics;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Madoguchi.Core.Exports;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Exports;

/// <summary>
/// An exported CSV with formula payloads, opened by LibreOffice Calc (headless) and saved as XLSX, holds them as
/// text cells, not formulas. Needs <c>soffice</c> (Debian: libreoffice-calc-nogui; test.sh installs it).
/// </summary>
public sealed class LibreOfficeRoundTripTests
{
    private static readonly ProcedureDefinition Definition = ProcedureDefinitionParser.Parse("""
        {
          "format": 1, "slug": "lo", "title": { "ja": "テスト" }, "department": { "ja": "テスト課" },
          "pages": [ { "id": "p1", "title": { "ja": "1" }, "fields": [
            { "id": "note", "type": "textarea", "label": { "ja": "備考" } },
            { "id": "count", "type": "integer", "label": { "ja": "人数" } } ] } ]
        }
        """).Definition!;

    private static readonly string[] Payloads = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://example.com\",\"x\")", "ふつう"];

    [Fact]
    public async Task Formula_payloads_stay_text_after_libreoffice_opens_and_resaves_the_csv()
    {
        var folder = Directory.CreateTempSubdirectory("madoguchi-lo-");
        try
        {
            var csvPath = Path.Combine(folder.FullName, "export.csv");
            var plan = ExportPlan.Create(Definition, new ExportOptions());
            await using (var file = File.Create(csvPath))
            using (var writer = new CsvTableWriter(file, ExportFormat.CsvBom))
            {
                writer.BeginTable(plan.Main);
                var buffer = new ExportCell[plan.Main.Headers.Count];
                var n = 0;
                foreach (var payload in Payloads)
                {
                    var record = new ExportRecord($"R-{++n}", DateTime.UnixEpoch, "Received", "Web", 1, new JsonObject { ["note"] = payload, ["count"] = -n }.ToJsonString());
                    plan.Fill(plan.Main, record, buffer, writer.WriteRow);
                }

                writer.Complete();
            }

            var soffice = new ProcessStartInfo("soffice")
            {
                ArgumentList =
                {
                    "-env:UserInstallation=file://" + Path.Combine(folder.FullName, "profile"),
                    "--headless", "--norestore", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", folder.FullName, csvPath,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using (var process = Process.Start(soffice) ?? throw new InvalidOperationException("soffice did not start"))
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, $"soffice failed: {await output} {await error}");
            }

            using var doc = SpreadsheetDocument.Open(Path.Combine(folder.FullName, "export.xlsx"), false);
            var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
            Assert.Empty(sheet.Descendants<CellFormula>());
            var shared = doc.WorkbookPart.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
            var noteColumn = XlsxTableWriter.ColumnName(plan.Main.Headers.ToList().IndexOf("note"));
            var countColumn = XlsxTableWriter.ColumnName(plan.Main.Headers.ToList().IndexOf("count"));
            for (var i = 0; i < Payloads.Length; i++)
            {
                var row = (i + 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var note = sheet.Descendants<Cell>().Single(c => c.CellReference == noteColumn + row);
                Assert.True(note.DataType?.Value == CellValues.SharedString || note.DataType?.Value == CellValues.InlineString || note.DataType?.Value == CellValues.String, $"row {row}: not a text cell");
                var text = note.DataType!.Value == CellValues.SharedString ? shared[int.Parse(note.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)] : note.InnerText;
                Assert.EndsWith(Payloads[i].Replace("\r", "", StringComparison.Ordinal), text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);

                var count = sheet.Descendants<Cell>().Single(c => c.CellReference == countColumn + row);
                Assert.True(count.DataType is null || count.DataType.Value == CellValues.Number, $"row {row}: count is not a number");
                Assert.Equal(-(i + 1), int.Parse(count.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
