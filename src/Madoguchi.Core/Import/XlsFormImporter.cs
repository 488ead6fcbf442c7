using System.Globalization;
using System.IO.Packaging;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Madoguchi.Core.Import;

/// <summary>
/// Imports an XLSForm spreadsheet (.xlsx with the sheets survey, choices and settings) as a Madoguchi procedure
/// definition. Reads only the stream it is given; never throws for a bad file (the problems are issues).
/// See docs/odk-import.md for what maps to what.
/// </summary>
public static class XlsFormImporter
{
    private const string Survey = "survey";
    private const string ChoicesSheet = "choices";
    private const string Settings = "settings";

    public static ImportResult Import(Stream xlsx, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DepartmentJa);

        var log = new IssueLog();
        Dictionary<string, Table> tables;
        try
        {
            tables = ReadWorkbook(xlsx);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException or IOException or InvalidOperationException or NotSupportedException)
        {
            log.Error("unreadable", null, null,
                "ファイルをExcelブック（.xlsx）として読み取れません。XLSFormは .xlsx 形式で保存してください（.xls や .csv は不可）。",
                "The file cannot be read as an Excel workbook (.xlsx). Save the XLSForm as .xlsx (not .xls or .csv).");
            return new ImportResult(null, log.Issues);
        }

        if (!tables.TryGetValue(Survey, out var survey))
        {
            log.Error("noSurvey", null, null, "「survey」シートがありません。XLSFormには質問を並べた survey シートが必要です。", "There is no \"survey\" sheet; an XLSForm lists its questions on a sheet called survey.");
            return new ImportResult(null, log.Issues);
        }

        var model = new FormModel(new FormNode("data", NodeKind.Group, new SourceLocation(Survey, null, null, null)));
        if (tables.TryGetValue(Settings, out var settings))
        {
            ReadSettings(settings, model, log);
        }

        var lists = tables.TryGetValue(ChoicesSheet, out var choices) ? ReadChoices(choices, model, log) : [];
        ReadSurvey(survey, model, lists, log);
        foreach (var name in tables.Keys.Where(n => n is not (Survey or ChoicesSheet or Settings)))
        {
            log.Info("unusedSheet", new SourceLocation(tables[name].Name, null, null, null), name,
                $"シート「{tables[name].Name}」はXLSFormのシートではないため、読んでいません。", $"The sheet \"{tables[name].Name}\" is not an XLSForm sheet and was not read.");
        }

        return FormTranslator.Translate(model, options, log);
    }

    // ---- workbook reading ----

    /// <summary>One sheet: its header (column index → header text) and data rows with their Excel row numbers.</summary>
    private sealed record Table(string Name, int HeaderRow, SortedDictionary<int, string> Header, List<(int Row, Dictionary<int, string> Cells)> Rows);

    private static Dictionary<string, Table> ReadWorkbook(Stream xlsx)
    {
        var stream = xlsx;
        if (!xlsx.CanSeek)
        {
            var copy = new MemoryStream();
            xlsx.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        var tables = new Dictionary<string, Table>(StringComparer.OrdinalIgnoreCase);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("The package has no workbook.");
        var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(PlainText).ToList() ?? [];
        foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
        {
            var name = sheet.Name?.Value?.Trim();
            if (string.IsNullOrEmpty(name) || sheet.Id?.Value is not { } relationship || workbook.GetPartById(relationship) is not WorksheetPart part)
            {
                continue;
            }

            tables.TryAdd(name, ReadTable(name, part, shared));
        }

        return tables;
    }

    /// <summary>The text of a shared or inline string without its phonetic (furigana) runs.</summary>
    private static string PlainText(OpenXmlElement item)
    {
        if (item.GetFirstChild<Text>() is { } text)
        {
            return text.Text;
        }

        return string.Concat(item.Elements<Run>().Select(r => r.Text?.Text ?? ""));
    }

    private static Table ReadTable(string name, WorksheetPart part, List<string> shared)
    {
        var rows = new List<(int Row, Dictionary<int, string> Cells)>();
        var nextRow = 1;
        foreach (var row in part.Worksheet?.GetFirstChild<SheetData>()?.Elements<Row>() ?? [])
        {
            var rowNumber = row.RowIndex?.Value is { } index ? (int)index : nextRow;
            nextRow = rowNumber + 1;
            var cells = new Dictionary<int, string>();
            var nextColumn = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : nextColumn;
                nextColumn = column + 1;
                var value = CellText(cell, shared);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    cells[column] = value;
                }
            }

            if (cells.Count > 0)
            {
                rows.Add((rowNumber, cells));
            }
        }

        var header = new SortedDictionary<int, string>();
        var headerRow = 1;
        if (rows.Count > 0)
        {
            headerRow = rows[0].Row;
            foreach (var (column, text) in rows[0].Cells)
            {
                header[column] = text.Trim();
            }

            rows.RemoveAt(0);
        }

        return new Table(name, headerRow, header, rows);
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    private static string CellText(Cell cell, List<string> shared)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : "";
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? PlainText(inline) : "";
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        if (type == CellValues.Error)
        {
            return "";
        }

        return raw ?? "";
    }

    // ---- columns ----

    /// <summary>A column: its header as written, the XLSForm column it means, and the language part of "label::English (en)".</summary>
    private sealed record Column(int Index, string Header, string Base, string? Language);

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["list name"] = "list_name",
        ["relevance"] = "relevant",
        ["bind::relevant"] = "relevant",
        ["calculate"] = "calculation",
        ["bind::calculate"] = "calculation",
        ["bind::required"] = "required",
        ["bind::constraint"] = "constraint",
        ["jr:count"] = "repeat_count",
        ["repeat count"] = "repeat_count",
        ["constraint message"] = "constraint_message",
        ["jr:constraintmsg"] = "constraint_message",
        ["bind::jr:constraintmsg"] = "constraint_message",
        ["required message"] = "required_message",
        ["jr:requiredmsg"] = "required_message",
        ["bind::jr:requiredmsg"] = "required_message",
        ["choice filter"] = "choice_filter",
        ["readonly"] = "read_only",
        ["read only"] = "read_only",
        ["bind::readonly"] = "read_only",
        ["control::appearance"] = "appearance",
        ["body::appearance"] = "appearance",
        ["caption"] = "label",
        ["form title"] = "form_title",
        ["form id"] = "form_id",
        ["default language"] = "default_language",
    };

    private static readonly HashSet<string> Translatable = new(StringComparer.Ordinal) { "label", "hint", "constraint_message", "required_message", "guidance_hint", "image", "audio", "video", "big-image", "media::image", "media::audio", "media::video", "media::big-image" };

    private static Column Describe(int index, string header)
    {
        var text = header.Trim();
        var lower = text.ToLowerInvariant();
        if (Aliases.TryGetValue(lower, out var alias))
        {
            return new Column(index, text, alias, null);
        }

        // label::English (en), media::image::English (en); older sheets write label:English.
        var parts = text.Split("::");
        if (parts.Length == 1 && text.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && Translatable.Contains(lower[..colon].Trim()))
        {
            parts = [text[..colon], text[(colon + 1)..]];
        }

        if (parts.Length >= 2)
        {
            var last = parts[^1].Trim();
            var head = string.Join("::", parts[..^1]).Trim().ToLowerInvariant();
            if (Translatable.Contains(head))
            {
                return new Column(index, text, Aliases.GetValueOrDefault(head, head), last);
            }

            var whole = lower.Replace(' ', '_');
            return new Column(index, text, Aliases.GetValueOrDefault(whole, whole), null);
        }

        var name = lower.Replace(' ', '_');
        return new Column(index, text, Aliases.GetValueOrDefault(name, name), null);
    }

    private static List<Column> Columns(Table table) => table.Header.Select(h => Describe(h.Key, h.Value)).ToList();

    private static string? Cell(Dictionary<int, string> cells, Column? column) =>
        column is not null && cells.TryGetValue(column.Index, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static void ReadTexts(LanguageTexts texts, string baseName, List<Column> columns, Dictionary<int, string> cells, FormModel model, SourceLocation row, Table table)
    {
        foreach (var column in columns.Where(c => c.Base == baseName))
        {
            var key = column.Language is null ? model.DefaultLanguage : FormLanguages.KeyOf(column.Language);
            model.LanguageSources.TryAdd(key, (column.Language ?? column.Header, new SourceLocation(table.Name, null, table.HeaderRow, null, column.Header)));
            if (Cell(cells, column) is { } text)
            {
                texts.Set(key, text);
                texts.Where ??= row.At(column.Header);
            }
        }
    }

    // ---- settings ----

    private static void ReadSettings(Table settings, FormModel model, IssueLog log)
    {
        if (settings.Rows.Count == 0)
        {
            return;
        }

        var (row, cells) = settings.Rows[0];
        var where = new SourceLocation(settings.Name, null, row, null);
        foreach (var column in Columns(settings))
        {
            if (Cell(cells, column) is not { } value)
            {
                continue;
            }

            value = value.Trim();
            switch (column.Base)
            {
                case "form_title":
                    model.Title = new SourceText(value, where.At(column.Header));
                    break;
                case "form_id":
                    model.FormId = new SourceText(value, where.At(column.Header));
                    break;
                case "version":
                    model.Version = value;
                    break;
                case "default_language":
                    model.DefaultLanguage = FormLanguages.KeyOf(value);
                    break;
                default:
                    log.Warning("unsupportedSetting", where.At(column.Header), value,
                        $"設定「{column.Header}」には対応していないため、取り込んでいません。", $"The setting \"{column.Header}\" is not supported and was not imported.");
                    break;
            }
        }

        foreach (var (extra, _) in settings.Rows.Skip(1))
        {
            log.Warning("unsupportedSetting", new SourceLocation(settings.Name, null, extra, null), null,
                "settings シートの2行目（見出しの次の行）だけを読みます。この行は読んでいません。", "Only the first row under the settings header is read; this row was not.");
        }

    }

    // ---- choices ----

    private static Dictionary<string, List<FormChoice>> ReadChoices(Table table, FormModel model, IssueLog log)
    {
        var lists = new Dictionary<string, List<FormChoice>>(StringComparer.Ordinal);
        var columns = Columns(table);
        var listColumn = columns.FirstOrDefault(c => c.Base == "list_name");
        var nameColumn = columns.FirstOrDefault(c => c.Base is "name" or "value");
        if (listColumn is null || nameColumn is null)
        {
            log.Error("missingColumn", new SourceLocation(table.Name, null, table.HeaderRow, null), null,
                "choices シートに list_name 列と name 列が必要です。選択肢は読めませんでした。", "The choices sheet needs list_name and name columns; no choices could be read.");
            return lists;
        }

        foreach (var column in columns.Where(c => c.Base is not ("list_name" or "name" or "value" or "label")))
        {
            var used = table.Rows.FirstOrDefault(r => Cell(r.Cells, column) is not null);
            if (used.Cells is null)
            {
                continue;
            }

            var where = new SourceLocation(table.Name, null, used.Row, null, column.Header);
            if (IsMediaColumn(column))
            {
                log.Error("unsupportedColumn", where, Cell(used.Cells, column),
                    $"選択肢の画像・音声（{column.Header}）には対応していないため、取り込んでいません。", $"Media in choices ({column.Header}) are not supported and were not imported.");
            }
            else
            {
                log.Warning("unsupportedColumn", where, column.Header,
                    $"choices シートの列「{column.Header}」は使いません（choice_filter 用の列は取り込めません）。", $"The column \"{column.Header}\" of the choices sheet is not used (columns for choice_filter cannot be imported).");
            }
        }

        foreach (var (row, cells) in table.Rows)
        {
            var where = new SourceLocation(table.Name, null, row, null);
            var list = Cell(cells, listColumn)?.Trim();
            if (list is null)
            {
                continue;
            }

            var value = Cell(cells, nameColumn)?.Trim();
            if (value is null)
            {
                log.Error("missingChoiceName", where.At(nameColumn.Header), null,
                    $"選択肢リスト「{list}」の選択肢に name（値）がないため、取り込んでいません。", $"A choice of the list \"{list}\" has no name (value) and was not imported.");
                continue;
            }

            var label = new LanguageTexts();
            ReadTexts(label, "label", columns, cells, model, where, table);
            if (!lists.TryGetValue(list, out var choices))
            {
                lists[list] = choices = [];
            }

            choices.Add(new FormChoice(value, label, where.At(nameColumn.Header)));
        }

        return lists;
    }

    private static bool IsMediaColumn(Column column) =>
        column.Base is "image" or "audio" or "video" or "big-image" || column.Base.StartsWith("media", StringComparison.Ordinal);

    // ---- survey ----

    /// <summary>Columns read for every survey row; other known XLSForm columns are reported when used.</summary>
    private static readonly HashSet<string> SurveyColumns = new(StringComparer.Ordinal)
    {
        "type", "name", "label", "hint", "required", "required_message", "relevant", "constraint", "constraint_message",
        "calculation", "default", "appearance", "choice_filter", "repeat_count", "read_only",
    };

    /// <summary>XLSForm columns Madoguchi has no equivalent for (reported per cell as errors).</summary>
    private static readonly HashSet<string> UnsupportedSurveyColumns = new(StringComparer.Ordinal)
    {
        "parameters", "trigger", "image", "audio", "video", "big-image", "autoplay", "intent", "save_to",
    };

    private static void ReadSurvey(Table table, FormModel model, Dictionary<string, List<FormChoice>> lists, IssueLog log)
    {
        var columns = Columns(table);
        var typeColumn = columns.FirstOrDefault(c => c.Base == "type");
        var nameColumn = columns.FirstOrDefault(c => c.Base == "name");
        if (typeColumn is null)
        {
            log.Error("missingColumn", new SourceLocation(table.Name, null, table.HeaderRow, null), null,
                "survey シートに type 列がありません。", "The survey sheet has no type column.");
            return;
        }

        ReportUnknownColumns(table, columns, log);

        var stack = new Stack<FormNode>();
        stack.Push(model.Root);
        foreach (var (row, cells) in table.Rows)
        {
            var where = new SourceLocation(table.Name, null, row, null);
            var typeText = Cell(cells, typeColumn)?.Trim();
            var name = Cell(cells, nameColumn)?.Trim();
            if (typeText is null)
            {
                log.Error("missingType", where.At(typeColumn.Header), name,
                    "この行には type（質問の種類）がないため、読み飛ばしました。", "This row has no type, so it was skipped.");
                continue;
            }

            var type = string.Join(' ', typeText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            var keyword = type.ToLowerInvariant().Replace('_', ' ');
            if (keyword is "end group" or "end repeat" or "end loop")
            {
                Close(stack, keyword, where.At(typeColumn.Header), typeText, log);
                continue;
            }

            if (name is null)
            {
                name = "row" + row.ToString(CultureInfo.InvariantCulture);
                log.Warning("missingName", where.At(nameColumn?.Header ?? "name"), null,
                    $"この行には name がないため、名前「{name}」としました。", $"This row has no name, so \"{name}\" is used.");
            }

            var node = CreateNode(name, type, keyword, where.At(typeColumn.Header), lists, log);
            ReadRow(node, columns, cells, model, where, table, log);
            stack.Peek().Add(node);
            if (node.Kind is NodeKind.Group or NodeKind.Repeat || keyword.StartsWith("begin ", StringComparison.Ordinal))
            {
                stack.Push(node);
            }
        }

        while (stack.Count > 1)
        {
            var open = stack.Pop();
            log.Error("unclosedGroup", open.Where, open.Name,
                $"「{open.Name}」の begin に対応する end がありません。最後の行まで含めました。", $"\"{open.Name}\" is begun but never ended; it was closed at the last row.");
        }
    }

    private static void Close(Stack<FormNode> stack, string keyword, SourceLocation where, string typeText, IssueLog log)
    {
        if (stack.Count == 1)
        {
            log.Error("unmatchedEnd", where, typeText,
                $"「{typeText}」に対応する begin がないため、読み飛ばしました。", $"\"{typeText}\" has no matching begin and was skipped.");
            return;
        }

        var open = stack.Pop();
        var expected = open.Kind == NodeKind.Repeat ? "end repeat" : open.Kind == NodeKind.Group ? "end group" : "end loop";
        if (expected != keyword && open.Kind is NodeKind.Group or NodeKind.Repeat)
        {
            log.Warning("unmatchedEnd", where, typeText,
                $"「{typeText}」で「{open.Name}」を閉じました（{expected} のはずです）。", $"\"{typeText}\" closed \"{open.Name}\" (expected {expected}).");
        }
    }

    private static readonly HashSet<string> Metadata = new(StringComparer.Ordinal) { "start", "end", "today" };

    private static readonly HashSet<string> UnsupportedMetadata = new(StringComparer.Ordinal)
    {
        "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email", "audit", "start-geopoint", "background-audio",
    };

    private static FormNode CreateNode(string name, string type, string keyword, SourceLocation where, Dictionary<string, List<FormChoice>> lists, IssueLog log)
    {
        var node = new FormNode(name, NodeKind.Unsupported, where) { TypeText = type };
        switch (keyword)
        {
            case "begin group":
                node.Kind = NodeKind.Group;
                return node;
            case "begin repeat":
                node.Kind = NodeKind.Repeat;
                return node;
            case "text" or "string":
                node.Kind = NodeKind.Question;
                node.Question = QuestionType.Text;
                return node;
            case "integer" or "int":
                node.Kind = NodeKind.Question;
                node.Question = QuestionType.Integer;
                return node;
            case "decimal":
                node.Kind = NodeKind.Question;
                node.Question = QuestionType.Decimal;
                return node;
            case "date":
                node.Kind = NodeKind.Question;
                node.Question = QuestionType.Date;
                return node;
            case "note":
                node.Kind = NodeKind.Note;
                return node;
            case "calculate":
                node.Kind = NodeKind.Calculate;
                return node;
            case "acknowledge" or "trigger":
                node.Kind = NodeKind.Acknowledge;
                return node;
            case "hidden":
                node.Kind = NodeKind.Hidden;
                return node;
            default:
                break;
        }

        if (Metadata.Contains(keyword))
        {
            node.Kind = NodeKind.Metadata;
            return node;
        }

        if (UnsupportedMetadata.Contains(keyword))
        {
            return node;
        }

        // select_one list, select one list, select_multiple list, select all that apply list, each optionally "or_other".
        // select_one_from_file and select_one_external are not lists of this form.
        string[] singles = ["select_one ", "select one "];
        string[] multiples = ["select_multiple ", "select multiple ", "select all that apply "];
        var prefix = singles.Concat(multiples).FirstOrDefault(p => type.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        if (prefix is null)
        {
            return node;
        }

        var multiple = multiples.Contains(prefix);
        var rest = type[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var listName = rest[0];
        rest.RemoveAt(0);
        node.Kind = NodeKind.Question;
        node.Question = multiple ? QuestionType.SelectMultiple : QuestionType.SelectOne;
        if (rest is ["or_other" or "or other"] || rest is ["or", "other"])
        {
            node.OrOther = new SourceText(type, where);
        }
        else if (rest.Count > 0)
        {
            log.Warning("unsupportedType", where, type,
                $"種類「{type}」の「{string.Join(' ', rest)}」は読み取れないため無視しました。", $"\"{string.Join(' ', rest)}\" in the type \"{type}\" is not understood and was ignored.");
        }

        if (lists.TryGetValue(listName, out var choices) && choices.Count > 0)
        {
            node.Choices = choices;
        }
        else
        {
            log.Error("missingList", where, type,
                $"選択肢リスト「{listName}」が choices シートにないため、質問「{node.Name}」は取り込んでいません。",
                $"The choice list \"{listName}\" is not on the choices sheet, so the question \"{node.Name}\" was not imported.");
        }

        return node;
    }

    private static void ReadRow(FormNode node, List<Column> columns, Dictionary<int, string> cells, FormModel model, SourceLocation where, Table table, IssueLog log)
    {
        ReadTexts(node.Label, "label", columns, cells, model, where, table);
        ReadTexts(node.Hint, "hint", columns, cells, model, where, table);
        ReadTexts(node.RequiredMessage, "required_message", columns, cells, model, where, table);
        ReadTexts(node.ConstraintMessage, "constraint_message", columns, cells, model, where, table);

        SourceText? Get(string name) => columns.FirstOrDefault(c => c.Base == name) is { } column && Cell(cells, column) is { } value
            ? new SourceText(value.Trim(), where.At(column.Header))
            : null;

        node.Required = Get("required");
        node.Relevant = Get("relevant");
        node.Constraint = Get("constraint");
        node.Calculation = Get("calculation");
        node.Default = Get("default");
        node.Appearance = Get("appearance");
        node.ChoiceFilter = Get("choice_filter");
        node.RepeatCount = Get("repeat_count");
        node.ReadOnly = Get("read_only");

        if (node.Kind == NodeKind.Unsupported)
        {
            return; // the whole question is reported; its other cells go with it
        }

        foreach (var column in columns)
        {
            if (Cell(cells, column) is not { } value)
            {
                continue;
            }

            if (column.Base == "guidance_hint")
            {
                log.Warning("unsupportedColumn", where.At(column.Header), value,
                    "補足説明（guidance_hint）には対応していないため、取り込んでいません。", "Guidance hints are not supported and were not imported.");
            }
            else if (IsMediaColumn(column) || UnsupportedSurveyColumns.Contains(column.Base) || column.Base.StartsWith("body::", StringComparison.Ordinal) || column.Base.StartsWith("bind::", StringComparison.Ordinal) || column.Base.StartsWith("instance::", StringComparison.Ordinal))
            {
                log.Error("unsupportedColumn", where.At(column.Header), value,
                    $"列「{column.Header}」の指定には対応していないため、取り込んでいません。", $"The column \"{column.Header}\" is not supported, so this value was not imported.");
            }
        }
    }

    private static bool IsKnownOdkColumn(Column column) =>
        SurveyColumns.Contains(column.Base) || column.Base == "guidance_hint" || IsMediaColumn(column) || UnsupportedSurveyColumns.Contains(column.Base)
        || column.Base.StartsWith("body::", StringComparison.Ordinal) || column.Base.StartsWith("bind::", StringComparison.Ordinal) || column.Base.StartsWith("instance::", StringComparison.Ordinal);

    private static void ReportUnknownColumns(Table table, List<Column> columns, IssueLog log)
    {
        foreach (var column in columns.Where(c => !IsKnownOdkColumn(c)))
        {
            if (table.Rows.Any(r => Cell(r.Cells, column) is not null))
            {
                log.Warning("unknownColumn", new SourceLocation(table.Name, null, table.HeaderRow, null, column.Header), column.Header,
                    $"列「{column.Header}」はXLSFormの列ではないため、読んでいません。", $"The column \"{column.Header}\" is not an XLSForm column and was not read.");
            }
        }
    }
}
