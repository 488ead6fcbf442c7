using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Madoguchi.Core.Exports;

/// <summary>Writes tables one after the other: begin, rows, end; then complete.</summary>
public interface ITableWriter : IDisposable
{
    void BeginTable(ExportTable table);

    void WriteRow(ExportCell[] cells);

    void EndTable();

    /// <summary>Flushes everything (the zip directory, the last buffer) to the output.</summary>
    void Complete();
}

/// <summary>A character the chosen encoding cannot hold, and where it is (1-based data row, column header).</summary>
public sealed record UnmappableCharacter(string Table, long Row, string Column, string Character, string CodePoint);

/// <summary>
/// Formula neutralisation (CSV injection, OWASP): a text cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>,
/// tab, carriage return or NUL gets a leading apostrophe, so a spreadsheet shows it as text. Number cells (integer and
/// decimal answers, written from JSON numbers) are left alone so that -1 stays a number.
/// </summary>
public static class FormulaGuard
{
    public static bool NeedsGuard(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\0';

    public static string Neutralise(string text) => NeedsGuard(text) ? "'" + text : text;
}

/// <summary>
/// RFC 4180 CSV (fields with a comma, quote, CR or LF quoted, quotes doubled, CRLF line ends) in UTF-8 with or
/// without BOM, or in CP932. In CP932 every character that does not map (or does not map back to itself) is
/// reported with its row and column; it is written as <paramref name="replacement"/>, and callers that did not
/// choose a replacement must discard the output when <see cref="Unmappable"/> is not empty.
/// </summary>
public sealed class CsvTableWriter : ITableWriter
{
    public const int MaxReported = 1000;

    private static readonly Encoding Cp932Strict = CodePagesEncodingProvider.Instance.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    private readonly StreamWriter _writer;
    private readonly bool _cp932;
    private readonly string _replacement;
    private readonly List<UnmappableCharacter> _unmappable = [];
    private ExportTable? _table;
    private long _row;

    public CsvTableWriter(Stream output, ExportFormat format, string replacement = "?", bool leaveOpen = true)
    {
        _cp932 = format == ExportFormat.Sjis;
        _replacement = replacement;
        Encoding encoding = _cp932
            ? CodePagesEncodingProvider.Instance.GetEncoding(932, new EncoderReplacementFallback(replacement), DecoderFallback.ExceptionFallback)!
            : new UTF8Encoding(false);
        if (format == ExportFormat.CsvBom)
        {
            output.Write([0xEF, 0xBB, 0xBF]);
        }

        _writer = new StreamWriter(output, encoding, 1 << 16, leaveOpen) { NewLine = "\r\n" };
    }

    /// <summary>Characters that could not be written (at most <see cref="MaxReported"/>; see <see cref="UnmappableCount"/>).</summary>
    public IReadOnlyList<UnmappableCharacter> Unmappable => _unmappable;

    public long UnmappableCount { get; private set; }

    public long Rows { get; private set; }

    public void BeginTable(ExportTable table)
    {
        _table = table;
        _row = 0;
        for (var i = 0; i < table.Headers.Count; i++)
        {
            WriteField(new ExportCell(table.Headers[i]), i, i == 0);
        }

        _writer.Write("\r\n");
    }

    public void WriteRow(ExportCell[] cells)
    {
        _row++;
        Rows++;
        for (var i = 0; i < cells.Length; i++)
        {
            WriteField(cells[i], i, i == 0);
        }

        _writer.Write("\r\n");
    }

    public void EndTable() => _writer.Flush();

    public void Complete() => _writer.Flush();

    public void Dispose() => _writer.Dispose();

    private void WriteField(ExportCell cell, int column, bool first)
    {
        if (!first)
        {
            _writer.Write(',');
        }

        if (cell.Value is not { } text)
        {
            return;
        }

        if (cell.Kind == ExportCellKind.Text)
        {
            text = FormulaGuard.Neutralise(text);
        }

        if (_cp932)
        {
            Check(text, column);
        }

        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _writer.Write(text);
            return;
        }

        _writer.Write('"');
        _writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }

    private void Check(string text, int column)
    {
        if (System.Text.Ascii.IsValid(text) || RoundTrips(text))
        {
            return;
        }

        foreach (var rune in text.EnumerateRunes())
        {
            var s = rune.ToString();
            if (rune.IsAscii || RoundTrips(s))
            {
                continue;
            }

            UnmappableCount++;
            if (_unmappable.Count < MaxReported)
            {
                _unmappable.Add(new UnmappableCharacter(_table!.Name, _row, _table.Headers[column], s, "U+" + rune.Value.ToString("X4", CultureInfo.InvariantCulture)));
            }
        }
    }

    private static bool RoundTrips(string text)
    {
        try
        {
            return Cp932Strict.GetString(Cp932Strict.GetBytes(text)) == text;
        }
        catch (ArgumentException)
        {
            // EncoderFallbackException and DecoderFallbackException are ArgumentExceptions.
            return false;
        }
    }
}

/// <summary>Several CSV tables (main and child tables) as entries of one ZIP ("applications.csv", "invoices.csv").</summary>
public sealed class CsvZipWriter(Stream output, ExportFormat format, string replacement = "?") : ITableWriter
{
    private readonly ZipArchive _zip = new(output, ZipArchiveMode.Create, leaveOpen: true);
    private readonly List<UnmappableCharacter> _unmappable = [];
    private Stream? _entry;
    private CsvTableWriter? _csv;

    public IReadOnlyList<UnmappableCharacter> Unmappable => _unmappable;

    public long UnmappableCount { get; private set; }

    public void BeginTable(ExportTable table)
    {
        _entry = _zip.CreateEntry(table.Name + ".csv", CompressionLevel.Fastest).Open();
        _csv = new CsvTableWriter(_entry, format, replacement);
        _csv.BeginTable(table);
    }

    public void WriteRow(ExportCell[] cells) => _csv!.WriteRow(cells);

    public void EndTable()
    {
        _csv!.Complete();
        _unmappable.AddRange(_csv.Unmappable.Take(CsvTableWriter.MaxReported - _unmappable.Count));
        UnmappableCount += _csv.UnmappableCount;
        _csv.Dispose();
        _entry!.Dispose();
        _csv = null;
        _entry = null;
    }

    public void Complete() => _zip.Dispose();

    public void Dispose()
    {
        _csv?.Dispose();
        _entry?.Dispose();
        _zip.Dispose();
    }
}

/// <summary>
/// XLSX written part by part into a ZIP opened in create mode, each worksheet with the SAX-style
/// <see cref="OpenXmlWriter"/>: memory stays constant whatever the row count. Text is written as inline strings
/// (t="inlineStr"), so no cell is ever a formula and values are kept exactly (no apostrophe is added);
/// numbers are numeric cells. One sheet per table.
/// </summary>
public sealed class XlsxTableWriter : ITableWriter
{
    private readonly ZipArchive _zip;
    private readonly List<string> _sheets = [];
    private Stream? _entry;
    private OpenXmlWriter? _writer;
    private uint _row;

    public XlsxTableWriter(Stream output)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
    }

    public void BeginTable(ExportTable table)
    {
        _sheets.Add(table.Name.Length > 31 ? table.Name[..31] : table.Name);
        _entry = _zip.CreateEntry($"xl/worksheets/sheet{_sheets.Count}.xml", CompressionLevel.Fastest).Open();
        _writer = OpenXmlWriter.Create(_entry, Encoding.UTF8);
        _writer.WriteStartDocument();
        _writer.WriteStartElement(new Worksheet());
        _writer.WriteStartElement(new SheetData());
        _row = 0;
        var header = new ExportCell[table.Headers.Count];
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = new ExportCell(table.Headers[i]);
        }

        WriteRow(header);
    }

    public void WriteRow(ExportCell[] cells)
    {
        _row++;
        var w = _writer!;
        var rowNumber = _row.ToString(CultureInfo.InvariantCulture);
        _rowAttributes[0] = new OpenXmlAttribute("r", "", rowNumber);
        w.WriteStartElement(_rowElement, _rowAttributes);
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i].Value is not { } value)
            {
                continue;
            }

            var reference = ColumnName(i) + rowNumber;
            if (cells[i].Kind == ExportCellKind.Number)
            {
                _numberAttributes[0] = new OpenXmlAttribute("r", "", reference);
                w.WriteStartElement(_cellElement, _numberAttributes);
                w.WriteElement(new CellValue(value));
                w.WriteEndElement();
            }
            else
            {
                _textAttributes[0] = new OpenXmlAttribute("r", "", reference);
                w.WriteStartElement(_cellElement, _textAttributes);
                w.WriteStartElement(_inlineElement);
                w.WriteElement(new Text(XmlSafe(value)) { Space = SpaceProcessingModeValues.Preserve });
                w.WriteEndElement();
                w.WriteEndElement();
            }
        }

        w.WriteEndElement();
    }

    // The writer takes names and attributes from these; reusing them saves two objects and an array per cell.
    private readonly Row _rowElement = new();
    private readonly Cell _cellElement = new();
    private readonly InlineString _inlineElement = new();
    private readonly OpenXmlAttribute[] _rowAttributes = new OpenXmlAttribute[1];
    private readonly OpenXmlAttribute[] _numberAttributes = new OpenXmlAttribute[1];
    private readonly OpenXmlAttribute[] _textAttributes = [default, new OpenXmlAttribute("t", "", "inlineStr")];

    public void EndTable()
    {
        _writer!.WriteEndElement();
        _writer.WriteEndElement();
        _writer.Close();
        _entry!.Dispose();
        _writer = null;
        _entry = null;
    }

    public void Complete()
    {
        Part("[Content_Types].xml", ContentTypes());
        Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        var sheets = new StringBuilder();
        var rels = new StringBuilder();
        for (var i = 1; i <= _sheets.Count; i++)
        {
            sheets.Append(CultureInfo.InvariantCulture, $"<sheet name=\"{System.Security.SecurityElement.Escape(_sheets[i - 1])}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>");
            rels.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>");
        }

        rels.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{_sheets.Count + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
        Part("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>""");
        Part("xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>""");
        Part("xl/styles.xml", """<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>""");
        _zip.Dispose();
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _entry?.Dispose();
        _zip.Dispose();
    }

    private string ContentTypes()
    {
        var overrides = new StringBuilder();
        for (var i = 1; i <= _sheets.Count; i++)
        {
            overrides.Append(CultureInfo.InvariantCulture, $"<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }

        return $"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>""";
    }

    private void Part(string name, string xml)
    {
        using var stream = _zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(Encoding.UTF8.GetBytes(xml));
    }

    /// <summary>A1 column letters: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>XML 1.0 cannot hold most control characters; they are written as the replacement character U+FFFD.</summary>
    private static string XmlSafe(string text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF')
            {
                return string.Concat(text.Select(ch => ch < 0x20 && ch is not ('\t' or '\n' or '\r') || ch is '\uFFFE' or '\uFFFF' ? '\uFFFD' : ch));
            }
        }

        return text;
    }
}

/// <summary>JSON Lines: one application per line with its canonical answers (UTF-8, LF).</summary>
public sealed class JsonLinesWriter(Stream output) : IDisposable
{
    private readonly Utf8JsonWriter _json = new(output, new JsonWriterOptions { Indented = false, SkipValidation = false });

    public long Rows { get; private set; }

    public void Write(ExportRecord record)
    {
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteString("receiptNumber", record.ReceiptNumber);
        _json.WriteString("submittedAt", ExportPlan.FormatInstant(record.SubmittedAtUtc, ExportDateFormat.Iso));
        _json.WriteString("status", record.Status);
        _json.WriteString("channel", record.Channel);
        _json.WriteNumber("procedureVersion", record.ProcedureVersion);
        _json.WritePropertyName("answers");
        _json.WriteRawValue(record.AnswersJson, skipInputValidation: true); // stored canonical answers, written by the server
        _json.WriteEndObject();
        _json.Flush();
        output.WriteByte((byte)'\n');
        Rows++;
    }

    public void Dispose() => _json.Dispose();
}
