using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Madoguchi.Core.Tests.Procedures;

namespace Madoguchi.Core.Tests.Import;

/// <summary>
/// Builds XLSForm workbooks from reviewable text, so that no binary fixture is committed and every build makes the
/// same file. The text has one block per sheet: a line "## sheet-name", then one line per row (row 1 = header),
/// cells separated by tabs, "\n" inside a cell for a line break. Whole numbers and decimals become numeric cells,
/// TRUE/FALSE boolean cells, everything else shared strings (or inline strings when asked).
/// </summary>
internal static partial class XlsxFixture
{
    public static string FixturePath(string name) => RepositoryFiles.PathOf("tests", "fixtures", "odk", name);

    public static MemoryStream Open(string fixtureName, bool inlineStrings = false) =>
        FromText(File.ReadAllText(FixturePath(fixtureName)), inlineStrings);

    public static Dictionary<string, List<string[]>> ParseSheets(string text)
    {
        var sheets = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
        List<string[]>? current = null;
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                current = [];
                sheets[line[3..].Trim()] = current;
                continue;
            }

            current?.Add(line.Split('\t').Select(c => c.Replace("\\n", "\n", StringComparison.Ordinal)).ToArray());
        }

        foreach (var rows in sheets.Values)
        {
            while (rows.Count > 0 && rows[^1].All(string.IsNullOrWhiteSpace))
            {
                rows.RemoveAt(rows.Count - 1);
            }
        }

        return sheets;
    }

    public static MemoryStream FromText(string text, bool inlineStrings = false) => Build(ParseSheets(text), inlineStrings);

    public static MemoryStream Build(Dictionary<string, List<string[]>> sheets, bool inlineStrings = false)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var sheetList = workbookPart.Workbook.AppendChild(new Sheets());
            var sharedPart = workbookPart.AddNewPart<SharedStringTablePart>();
            sharedPart.SharedStringTable = new SharedStringTable();
            var shared = new Dictionary<string, int>(StringComparer.Ordinal);
            uint sheetId = 1;
            foreach (var (name, rows) in sheets)
            {
                var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < rows.Count; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        var value = rows[r][c];
                        if (value.Length == 0)
                        {
                            continue;
                        }

                        var cell = new Cell { CellReference = ColumnName(c) + (r + 1).ToString(CultureInfo.InvariantCulture) };
                        if (NumberCell().IsMatch(value))
                        {
                            cell.CellValue = new CellValue(value);
                        }
                        else if (value is "TRUE" or "FALSE")
                        {
                            cell.DataType = CellValues.Boolean;
                            cell.CellValue = new CellValue(value == "TRUE" ? "1" : "0");
                        }
                        else if (inlineStrings)
                        {
                            cell.DataType = CellValues.InlineString;
                            cell.InlineString = new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve });
                        }
                        else
                        {
                            if (!shared.TryGetValue(value, out var index))
                            {
                                index = shared.Count;
                                shared[value] = index;
                                sharedPart.SharedStringTable.AppendChild(new SharedStringItem(new Text(value) { Space = SpaceProcessingModeValues.Preserve }));
                            }

                            cell.DataType = CellValues.SharedString;
                            cell.CellValue = new CellValue(index.ToString(CultureInfo.InvariantCulture));
                        }

                        row.AppendChild(cell);
                    }

                    data.AppendChild(row);
                }

                worksheetPart.Worksheet = new Worksheet(data);
                sheetList.AppendChild(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = sheetId++, Name = name });
            }

            workbookPart.Workbook.Save();
        }

        stream.Position = 0;
        return stream;
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberCell();
}
