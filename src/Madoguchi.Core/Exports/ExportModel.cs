using System.Text.Json;

namespace Madoguchi.Core.Exports;

/// <summary>How a cell is typed in the output: numbers stay numbers (never neutralised), everything else is text.</summary>
public enum ExportCellKind
{
    Text,
    Number,
}

/// <summary>One cell; a null <see cref="Value"/> is blank.</summary>
public readonly record struct ExportCell(string? Value, ExportCellKind Kind = ExportCellKind.Text)
{
    public static readonly ExportCell Blank = new(null);
}

/// <summary>What an export reads of one stored application (a narrow projection, no personal columns but the answers).</summary>
/// <param name="SubmittedAtUtc">Stored in UTC; written in Japan time.</param>
/// <param name="AnswersJson">The canonical answers (<c>Application.AnswersJson</c>).</param>
public sealed record ExportRecord(string ReceiptNumber, DateTime SubmittedAtUtc, string Status, string Channel, int ProcedureVersion, string AnswersJson);

/// <summary>Repeat groups as numbered columns of the main table, or as child tables keyed by receipt number.</summary>
public enum RepeatMode
{
    Flatten,
    Child,
}

/// <summary>Dates (date fields and the submission time) as 2026-04-01, 令和8年4月1日 or 20260401.</summary>
public enum ExportDateFormat
{
    Iso,
    Wareki,
    Yyyymmdd,
}

/// <summary>Choice answers as their value, their (Japanese) label, or both in two columns.</summary>
public enum ChoiceOutput
{
    Value,
    Label,
    Both,
}

/// <summary>Output formats.</summary>
public enum ExportFormat
{
    /// <summary>UTF-8 CSV without BOM.</summary>
    Csv,

    /// <summary>UTF-8 CSV with BOM (what Excel needs to read UTF-8).</summary>
    CsvBom,

    /// <summary>CP932 (Windows-31J, "Shift_JIS" as Japanese Windows and most 基幹系 read it).</summary>
    Sjis,
    Xlsx,
    Jsonl,
}

public static class ExportFormats
{
    public static bool TryParse(string? text, out ExportFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "csv" or null or "":
                format = ExportFormat.Csv;
                return true;
            case "csv-bom":
                format = ExportFormat.CsvBom;
                return true;
            case "sjis" or "cp932" or "shift_jis":
                format = ExportFormat.Sjis;
                return true;
            case "xlsx":
                format = ExportFormat.Xlsx;
                return true;
            case "jsonl":
                format = ExportFormat.Jsonl;
                return true;
            default:
                format = ExportFormat.Csv;
                return false;
        }
    }

    public static string Name(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "csv",
        ExportFormat.CsvBom => "csv-bom",
        ExportFormat.Sjis => "sjis",
        ExportFormat.Xlsx => "xlsx",
        _ => "jsonl",
    };
}

/// <summary>Parses a canonical answers document once per record, for the columns to read from.</summary>
internal static class Answers
{
    public static JsonElement Get(JsonElement answers, string id) =>
        answers.ValueKind == JsonValueKind.Object && answers.TryGetProperty(id, out var v) ? v : default;
}
