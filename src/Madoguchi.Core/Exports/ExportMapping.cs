using System.Text.Json;
using System.Text.Json.Serialization;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Exports;

/// <summary>
/// A per-procedure column mapping for a 基幹系 import layout, kept as data (JSON). See docs/exports.md:
/// which columns, in which order, with which header, value codes (choice value → 基幹系 code) and date format.
/// </summary>
public sealed record ExportMapping
{
    [JsonPropertyName("format")] public int Format { get; init; } = 1;

    /// <summary>Default date format for every date column (iso, wareki, yyyymmdd).</summary>
    [JsonPropertyName("dateFormat")] public string? DateFormat { get; init; }

    /// <summary>Repeat groups: flatten (numbered columns) or child (separate table keyed by receipt number).</summary>
    [JsonPropertyName("repeats")] public string? Repeats { get; init; }

    /// <summary>Separator between the values of a multi-choice or file answer (default ";").</summary>
    [JsonPropertyName("separator")] public string? Separator { get; init; }

    [JsonPropertyName("columns")] public IReadOnlyList<MappedColumn> Columns { get; init; } = [];
}

/// <summary>One output column: <see cref="Source"/> is receiptNumber, submittedAt, status, channel, a field id,
/// a composite part ("applicant.family") or a repeat column ("invoices.amount", "members.name.family").</summary>
public sealed record MappedColumn
{
    [JsonPropertyName("source")] public string Source { get; init; } = "";

    /// <summary>Header text or code; for flattened repeat columns "{n}" is the row number (else "_n" is appended).</summary>
    [JsonPropertyName("header")] public string? Header { get; init; }

    /// <summary>Value → code (choice values, "true"/"false", status names); values must all be covered for choices.</summary>
    [JsonPropertyName("codes")] public IReadOnlyDictionary<string, string>? Codes { get; init; }

    /// <summary>iso, wareki or yyyymmdd (overrides the mapping's default).</summary>
    [JsonPropertyName("dateFormat")] public string? DateFormat { get; init; }

    /// <summary>For choices: value (default) or label.</summary>
    [JsonPropertyName("choice")] public string? Choice { get; init; }
}

/// <summary>One problem in a mapping document: where (a JSON path) and what, in Japanese and English.</summary>
public sealed record MappingProblem(string Path, LocalizedText Message);

public static class ExportMappingParser
{
    private static readonly JsonSerializerOptions Options = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] YesNoValues = ["true", "false"];

    public static readonly string[] MetaSources = ["receiptNumber", "submittedAt", "status", "channel"];

    /// <summary>Reads and checks a mapping against the procedure; the mapping is null when any problem was found.</summary>
    public static (ExportMapping? Mapping, IReadOnlyList<MappingProblem> Problems) Parse(string json, ProcedureDefinition definition)
    {
        ExportMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<ExportMapping>(json, Options);
        }
        catch (JsonException e)
        {
            var path = e.Path ?? "$";
            return (null, [new MappingProblem(path, new LocalizedText($"{path}: JSONとして読めません（{e.Message}）。", $"{path}: not valid JSON for a mapping ({e.Message})."))]);
        }

        if (mapping is null)
        {
            return (null, [new MappingProblem("$", new LocalizedText("$: マッピングが空です。", "$: the mapping is empty."))]);
        }

        var problems = Check(mapping, definition);
        return (problems.Count == 0 ? mapping : null, problems);
    }

    public static List<MappingProblem> Check(ExportMapping mapping, ProcedureDefinition definition)
    {
        var problems = new List<MappingProblem>();
        void Add(string path, string ja, string en) => problems.Add(new MappingProblem(path, new LocalizedText($"{path}: {ja}", $"{path}: {en}")));

        if (mapping.Format != 1)
        {
            Add("$.format", "format は 1 です。", "format must be 1.");
        }

        if (mapping.DateFormat is { } df && ExportPlan.ParseDateFormat(df) is null)
        {
            Add("$.dateFormat", "iso・wareki・yyyymmdd のいずれかにしてください。", "use iso, wareki or yyyymmdd.");
        }

        if (mapping.Repeats is { } r && r is not ("flatten" or "child"))
        {
            Add("$.repeats", "flatten か child にしてください。", "use flatten or child.");
        }

        if (mapping.Columns.Count == 0)
        {
            Add("$.columns", "列を1つ以上指定してください。", "give at least one column.");
        }

        var headers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mapping.Columns.Count; i++)
        {
            var c = mapping.Columns[i];
            var path = $"$.columns[{i}]";
            var target = ExportPlan.ResolveSource(definition, c.Source);
            if (target is null)
            {
                Add(path + ".source", $"「{c.Source}」はこの手続の項目ではありません（受付番号などは {string.Join("・", MetaSources)}、部分は「項目.部分」、繰返しの列は「グループ.列」）。",
                    $"\"{c.Source}\" is not a field of this procedure (meta columns are {string.Join(", ", MetaSources)}, parts are \"field.part\", repeat columns \"group.column\").");
                continue;
            }

            if (c.Header is { } h && !headers.Add(h))
            {
                Add(path + ".header", $"見出し「{h}」が重複しています。", $"the header \"{h}\" is used twice.");
            }

            if (c.DateFormat is { } cdf && ExportPlan.ParseDateFormat(cdf) is null)
            {
                Add(path + ".dateFormat", "iso・wareki・yyyymmdd のいずれかにしてください。", "use iso, wareki or yyyymmdd.");
            }

            if (c.Choice is { } ch && ch is not ("value" or "label"))
            {
                Add(path + ".choice", "value か label にしてください。", "use value or label.");
            }

            var field = target.Value.Field;
            if (c.Codes is { } codes && field is { Choices: { } choices } && target.Value.Part is null)
            {
                foreach (var missing in choices.Select(o => o.Value).Where(v => !codes.ContainsKey(v)))
                {
                    Add(path + ".codes", $"選択肢「{missing}」のコードがありません。", $"no code for the choice \"{missing}\".");
                }

                foreach (var unknown in codes.Keys.Where(k => choices.All(o => o.Value != k)))
                {
                    Add(path + ".codes." + unknown, $"「{unknown}」という選択肢はありません。", $"there is no choice \"{unknown}\".");
                }
            }
            else if (c.Codes is { } yn && field is { Type: FieldType.YesNo })
            {
                foreach (var missing in YesNoValues.Where(v => !yn.ContainsKey(v)))
                {
                    Add(path + ".codes", $"「{missing}」のコードがありません。", $"no code for \"{missing}\".");
                }
            }
        }

        return problems;
    }
}
