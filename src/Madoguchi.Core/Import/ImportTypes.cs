using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Import;

/// <summary>What the importer cannot read from an ODK form: who owns the procedure, and optionally its URL name.</summary>
/// <param name="DepartmentJa">The owning department (担当部署) in Japanese; ODK forms have no such notion.</param>
/// <param name="Slug">The procedure's URL name; when null it is derived from the form id (form_id / the instance id).</param>
public sealed record ImportOptions(string DepartmentJa, string? Slug = null)
{
    /// <summary>The department in English, when known.</summary>
    public string? DepartmentEn { get; init; }
}

/// <summary>How much an <see cref="ImportIssue"/> matters.</summary>
public enum ImportSeverity
{
    /// <summary>Something was translated in a way worth knowing (an id renamed, a hidden calculation made visible).</summary>
    Info,

    /// <summary>Wording or presentation was approximated or left out (an appearance, a message, another language).</summary>
    Warning,

    /// <summary>A construct that changes what is asked or accepted was left out: the definition behaves differently.</summary>
    Error,
}

/// <summary>
/// One thing the importer could not carry over exactly, with where it is in the source: the sheet, Excel row
/// (1-based) and column header of an XLSForm, or the element path, line and attribute of an XForm.
/// </summary>
public sealed record ImportIssue(ImportSeverity Severity, string Code, string MessageJa, string MessageEn)
{
    /// <summary>XLSForm sheet (survey, choices, settings).</summary>
    public string? Sheet { get; init; }

    /// <summary>XForm element path, e.g. <c>/h:html/h:head/model/bind[@nodeset='/data/age']</c>.</summary>
    public string? Element { get; init; }

    /// <summary>XLSForm: the Excel row number (the header is row 1).</summary>
    public int? Row { get; init; }

    /// <summary>XForm: the line of the element in the XML text.</summary>
    public int? Line { get; init; }

    /// <summary>XLSForm column header (e.g. <c>constraint</c>, <c>label::English (en)</c>) or XForm attribute name.</summary>
    public string? Column { get; init; }

    /// <summary>The source text concerned (a type, an expression, a cell value).</summary>
    public string? Text { get; init; }

    public override string ToString()
    {
        var where = string.Join(" ", new[]
        {
            Sheet, Element,
            Row is { } row ? $"row {row}" : null,
            Line is { } line ? $"line {line}" : null,
            Column is { } column ? $"[{column}]" : null,
        }.Where(s => s is not null));
        return $"{Severity} {Code} {where}: {MessageEn}";
    }
}

/// <summary>The definition translated from an ODK form (null when nothing could be read) and every issue met.</summary>
public sealed record ImportResult(ProcedureDefinition? Definition, IReadOnlyList<ImportIssue> Issues)
{
    /// <summary>The ODK form id (settings form_id, or the instance root's id attribute).</summary>
    public string? SourceFormId { get; init; }

    /// <summary>The ODK form version (settings version, or the instance root's version attribute).</summary>
    public string? SourceVersion { get; init; }

    /// <summary>Whether some construct was left out (see <see cref="ImportSeverity.Error"/>).</summary>
    public bool HasErrors => Issues.Any(i => i.Severity == ImportSeverity.Error);
}
