using System.Globalization;
using System.Text;
using System.Text.Json;
using Madoguchi.Core.Japanese;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Exports;

/// <summary>What the caller chose (a mapping overrides repeats and date format when it says so).</summary>
public sealed record ExportOptions
{
    public RepeatMode Repeats { get; init; } = RepeatMode.Flatten;
    public ExportDateFormat DateFormat { get; init; } = ExportDateFormat.Iso;
    public ChoiceOutput Choices { get; init; } = ChoiceOutput.Value;

    /// <summary>Between the values of a multi-choice or file answer.</summary>
    public string Separator { get; init; } = ";";
}

/// <summary>One output table: the main one (one row per application) or a repeat group's child table.</summary>
public sealed class ExportTable
{
    internal ExportTable(string name, List<ColumnSpec> columns, FieldDefinition? repeat)
    {
        Name = name;
        Columns = columns;
        Repeat = repeat;
        Headers = columns.Select(c => c.Header).ToArray();
    }

    /// <summary>"applications" for the main table, else the repeat group's id.</summary>
    public string Name { get; }

    public IReadOnlyList<string> Headers { get; }

    internal List<ColumnSpec> Columns { get; }

    internal FieldDefinition? Repeat { get; }
}

internal sealed record ColumnSpec(string Header, string? Meta, FieldDefinition? Repeat, FieldDefinition? Field, string? Part, int RowIndex,
    IReadOnlyDictionary<string, string>? Codes, ExportDateFormat DateFormat, bool Label);

/// <summary>A resolved column source: a meta column, a top-level field (with part), or a repeat group's column.</summary>
internal readonly record struct SourceTarget(string? Meta, FieldDefinition? Repeat, FieldDefinition? Field, string? Part);

/// <summary>
/// Turns stored canonical answers into export rows: columns from the definition (or a mapping), one main row per
/// application and, for repeat groups in child mode, child rows keyed by receipt number. Pure; no I/O.
/// </summary>
public sealed class ExportPlan
{
    public const string MainTableName = "applications";

    private readonly ExportOptions _options;

    private ExportPlan(ExportTable main, List<ExportTable> children, ExportOptions options)
    {
        Main = main;
        Children = children;
        _options = options;
    }

    public ExportTable Main { get; }

    public IReadOnlyList<ExportTable> Children { get; }

    public static ExportDateFormat? ParseDateFormat(string? text) => text switch
    {
        "iso" => ExportDateFormat.Iso,
        "wareki" => ExportDateFormat.Wareki,
        "yyyymmdd" => ExportDateFormat.Yyyymmdd,
        _ => null,
    };

    public static ExportPlan Create(ProcedureDefinition definition, ExportOptions options, ExportMapping? mapping = null)
    {
        if (mapping is not null)
        {
            options = options with
            {
                Repeats = mapping.Repeats switch { "child" => RepeatMode.Child, "flatten" => RepeatMode.Flatten, _ => options.Repeats },
                DateFormat = ParseDateFormat(mapping.DateFormat) ?? options.DateFormat,
                Separator = mapping.Separator ?? options.Separator,
            };
        }

        var main = new List<ColumnSpec>();
        var children = new Dictionary<string, List<ColumnSpec>>(StringComparer.Ordinal);
        var repeats = new Dictionary<string, FieldDefinition>(StringComparer.Ordinal);

        List<ColumnSpec> ChildColumns(FieldDefinition repeat)
        {
            if (!children.TryGetValue(repeat.Id, out var list))
            {
                list =
                [
                    new ColumnSpec("receiptNumber", "receiptNumber", null, null, null, -1, null, options.DateFormat, false),
                    new ColumnSpec("row", "row", null, null, null, -1, null, options.DateFormat, false),
                ];
                children[repeat.Id] = list;
                repeats[repeat.Id] = repeat;
            }

            return list;
        }

        if (mapping is null)
        {
            foreach (var meta in ExportMappingParser.MetaSources)
            {
                main.Add(new ColumnSpec(meta, meta, null, null, null, -1, null, options.DateFormat, false));
            }

            foreach (var field in definition.InputFields)
            {
                if (field.Type == FieldType.Repeat)
                {
                    AddRepeat(field, null, null, null, null, field.RowFields.ToList());
                }
                else
                {
                    AddField(main, field.Id, null, field, null, -1, null, null, null);
                }
            }
        }
        else
        {
            foreach (var c in mapping.Columns)
            {
                var target = ResolveSource(definition, c.Source) ?? throw new ArgumentException($"Unchecked mapping: unknown source {c.Source}.", nameof(mapping));
                var dateFormat = ParseDateFormat(c.DateFormat) ?? options.DateFormat;
                var label = c.Choice == "label";
                if (target.Meta is { } meta)
                {
                    main.Add(new ColumnSpec(c.Header ?? meta, meta, null, null, null, -1, c.Codes, dateFormat, false));
                }
                else if (target.Repeat is { } repeat)
                {
                    var columns = target.Field is null ? repeat.RowFields.ToList() : [target.Field];
                    AddRepeat(repeat, c.Header, target.Part, c.Codes, (dateFormat, label), columns);
                }
                else
                {
                    AddField(main, c.Header ?? c.Source, null, target.Field!, target.Part, -1, c.Codes, dateFormat, label, explicitHeader: c.Header is not null);
                }
            }
        }

        void AddRepeat(FieldDefinition repeat, string? header, string? part, IReadOnlyDictionary<string, string>? codes, (ExportDateFormat, bool)? format, IReadOnlyList<FieldDefinition> columns)
        {
            if (options.Repeats == RepeatMode.Child)
            {
                var list = ChildColumns(repeat);
                foreach (var column in columns)
                {
                    AddField(list, header ?? column.Id, repeat, column, part, -1, codes, format?.Item1, format?.Item2, explicitHeader: header is not null);
                }

                return;
            }

            var max = repeat.MaxRows ?? 50;
            for (var n = 1; n <= max; n++)
            {
                foreach (var column in columns)
                {
                    var h = header is null
                        ? $"{repeat.Id}[{n}].{column.Id}"
                        : header.Contains("{n}", StringComparison.Ordinal) ? header.Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) : $"{header}_{n}";
                    AddField(main, h, repeat, column, part, n - 1, codes, format?.Item1, format?.Item2, explicitHeader: true);
                }
            }
        }

        void AddField(List<ColumnSpec> into, string header, FieldDefinition? repeat, FieldDefinition field, string? part, int rowIndex,
            IReadOnlyDictionary<string, string>? codes, ExportDateFormat? dateFormat, bool? label, bool explicitHeader = false)
        {
            var df = dateFormat ?? options.DateFormat;
            if (field.Type.IsComposite() && part is null)
            {
                foreach (var p in field.Type.CompositeParts())
                {
                    into.Add(new ColumnSpec(header + "." + p, null, repeat, field, p, rowIndex, null, df, false));
                }

                return;
            }

            if (label is null && field.Choices is not null && part is null && options.Choices == ChoiceOutput.Both)
            {
                into.Add(new ColumnSpec(header, null, repeat, field, null, rowIndex, codes, df, false));
                into.Add(new ColumnSpec(header + (explicitHeader ? "(label)" : ".label"), null, repeat, field, null, rowIndex, null, df, true));
                return;
            }

            into.Add(new ColumnSpec(header, null, repeat, field, part, rowIndex, codes, df, label ?? (field.Choices is not null && options.Choices == ChoiceOutput.Label)));
        }

        var childTables = children.Select(kv => new ExportTable(kv.Key, kv.Value, repeats[kv.Key])).ToList();
        return new ExportPlan(new ExportTable(MainTableName, main, null), childTables, options);
    }

    internal static SourceTarget? ResolveSource(ProcedureDefinition definition, string source)
    {
        if (ExportMappingParser.MetaSources.Contains(source))
        {
            return new SourceTarget(source, null, null, null);
        }

        var segments = source.Split('.');
        if (segments.Length > 3 || definition.FindInputField(segments[0]) is not { } field)
        {
            return null;
        }

        if (field.Type == FieldType.Repeat)
        {
            if (segments.Length == 1)
            {
                return new SourceTarget(null, field, null, null);
            }

            if (field.RowFields.FirstOrDefault(f => f.Id == segments[1]) is not { } column)
            {
                return null;
            }

            if (segments.Length == 3 && !column.Type.CompositeParts().Contains(segments[2]))
            {
                return null;
            }

            return new SourceTarget(null, field, column, segments.Length == 3 ? segments[2] : null);
        }

        if (segments.Length == 3 || (segments.Length == 2 && !field.Type.CompositeParts().Contains(segments[1])))
        {
            return null;
        }

        return new SourceTarget(null, null, field, segments.Length == 2 ? segments[1] : null);
    }

    /// <summary>
    /// Writes the rows <paramref name="table"/> has for one application through <paramref name="emit"/>: one row for
    /// the main table, one per repeat row for a child table. The array passed is reused: consume it before returning.
    /// </summary>
    public void Fill(ExportTable table, ExportRecord record, ExportCell[] buffer, Action<ExportCell[]> emit)
    {
        using var doc = JsonDocument.Parse(record.AnswersJson);
        var answers = doc.RootElement;

        // One pass over the answers: TryGetProperty scans linearly, which with hundreds of fields would make a row
        // cost fields × columns. The indexes are reused from row to row (a plan serves one export at a time).
        _top.Clear();
        _repeatRows.Clear();
        if (answers.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in answers.EnumerateObject())
            {
                _top[property.Name] = property.Value;
            }
        }

        var columns = table.Columns;
        if (table.Repeat is null)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var c = columns[i];
                var row = c.Repeat is null ? default : Row(c.Repeat.Id, c.RowIndex);
                buffer[i] = Cell(c, record, row, 0);
            }

            emit(buffer);
            return;
        }

        var n = 0;
        foreach (var row in RowsOf(table.Repeat.Id))
        {
            n++;
            for (var i = 0; i < columns.Count; i++)
            {
                buffer[i] = Cell(columns[i], record, row, n);
            }

            emit(buffer);
        }
    }

    private readonly Dictionary<string, JsonElement> _top = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JsonElement>> _repeatRows = new(StringComparer.Ordinal);

    private JsonElement Top(string id) => _top.TryGetValue(id, out var value) ? value : default;

    private List<JsonElement> RowsOf(string repeatId)
    {
        if (!_repeatRows.TryGetValue(repeatId, out var rows))
        {
            rows = [];
            var array = Top(repeatId);
            if (array.ValueKind == JsonValueKind.Array)
            {
                rows.AddRange(array.EnumerateArray());
            }

            _repeatRows[repeatId] = rows;
        }

        return rows;
    }

    /// <summary>The main table and then every child table.</summary>
    public IEnumerable<ExportTable> Tables => new[] { Main }.Concat(Children);

    private JsonElement Row(string repeatId, int index)
    {
        var rows = RowsOf(repeatId);
        return index >= 0 && index < rows.Count ? rows[index] : default;
    }

    private ExportCell Cell(ColumnSpec c, ExportRecord record, JsonElement row, int rowNumber)
    {
        if (c.Meta is { } meta)
        {
            return meta switch
            {
                "receiptNumber" => new ExportCell(record.ReceiptNumber),
                "row" => new ExportCell(rowNumber.ToString(CultureInfo.InvariantCulture), ExportCellKind.Number),
                "submittedAt" => new ExportCell(FormatInstant(record.SubmittedAtUtc, c.DateFormat)),
                "status" => new ExportCell(Code(c, record.Status)),
                "channel" => new ExportCell(Code(c, record.Channel)),
                _ => ExportCell.Blank,
            };
        }

        var value = c.Repeat is null ? Top(c.Field!.Id) : row.ValueKind == JsonValueKind.Object ? Answers.Get(row, c.Field!.Id) : default;
        if (c.Part is { } part)
        {
            value = Answers.Get(value, part);
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return ExportCell.Blank;
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var item in value.EnumerateArray())
                {
                    if (text.Length > 0)
                    {
                        text.Append(_options.Separator);
                    }

                    text.Append(Scalar(c, item).Value);
                }

                return new ExportCell(text.ToString());
            default:
                return Scalar(c, value);
        }
    }

    private static ExportCell Scalar(ColumnSpec c, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                var number = value.GetRawText();
                return c.Codes is null ? new ExportCell(number, ExportCellKind.Number) : new ExportCell(Code(c, number));
            case JsonValueKind.True or JsonValueKind.False:
                return new ExportCell(Code(c, value.ValueKind == JsonValueKind.True ? "true" : "false"));
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (c.Part is null && c.Field!.Type == FieldType.Date && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return new ExportCell(FormatDate(date, c.DateFormat));
                }

                if (c.Label && c.Field!.Choices?.FirstOrDefault(o => o.Value == text) is { } option)
                {
                    return new ExportCell(option.Label.Ja);
                }

                return new ExportCell(Code(c, text));
            default:
                return new ExportCell(value.GetRawText());
        }
    }

    private static string Code(ColumnSpec c, string value) =>
        c.Codes is not null && c.Codes.TryGetValue(value, out var code) ? code : value;

    public static string FormatDate(DateOnly date, ExportDateFormat format) => format switch
    {
        ExportDateFormat.Wareki => Wareki.Format(date),
        ExportDateFormat.Yyyymmdd => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        _ => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>An instant in Japan time (UTC+9, no daylight saving): ISO with offset, or the Japan date in the other formats.</summary>
    public static string FormatInstant(DateTime utc, ExportDateFormat format)
    {
        var japan = DateTime.SpecifyKind(utc, DateTimeKind.Unspecified).AddHours(9);
        return format == ExportDateFormat.Iso
            ? japan.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+09:00"
            : FormatDate(DateOnly.FromDateTime(japan), format);
    }
}
