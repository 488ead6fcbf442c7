using System.Text.Json.Serialization;

namespace Madoguchi.Core.Procedures;

/// <summary>
/// A procedure (手続) as data: format v1. This is the document staff import, keep in Git and publish;
/// a published version freezes one of these. See docs/procedure-format.md.
/// </summary>
public sealed record ProcedureDefinition
{
    /// <summary>Format version; only 1 exists.</summary>
    [JsonPropertyName("format")] public int Format { get; init; } = 1;

    /// <summary>URL name: lower-case ASCII letters, digits and hyphens, 3–64 characters.</summary>
    [JsonPropertyName("slug")] public string Slug { get; init; } = "";

    [JsonPropertyName("title")] public LocalizedText Title { get; init; } = new("");

    [JsonPropertyName("description")] public LocalizedText? Description { get; init; }

    /// <summary>Owning department (担当部署).</summary>
    [JsonPropertyName("department")] public LocalizedText Department { get; init; } = new("");

    /// <summary>標準処理期間 in business days (開庁日).</summary>
    [JsonPropertyName("processingDays")] public int? ProcessingDays { get; init; }

    [JsonPropertyName("contact")] public ContactInfo? Contact { get; init; }

    /// <summary>Whether applicants must sign in before applying.</summary>
    [JsonPropertyName("requiresAccount")] public bool RequiresAccount { get; init; }

    /// <summary>What the applicant needs to have ready (shown on the landing page).</summary>
    [JsonPropertyName("requirements")] public IReadOnlyList<LocalizedText> Requirements { get; init; } = [];

    /// <summary>Id of the field that holds the applicant's name (used for inbox search and display).</summary>
    [JsonPropertyName("applicantNameField")] public string? ApplicantNameField { get; init; }

    [JsonPropertyName("pages")] public IReadOnlyList<PageDefinition> Pages { get; init; } = [];

    /// <summary>All fields of all pages in order.</summary>
    [JsonIgnore]
    public IEnumerable<FieldDefinition> AllFields => Pages.SelectMany(p => p.Fields);

    /// <summary>Fields that carry an answer (everything but headings and paragraphs).</summary>
    [JsonIgnore]
    public IEnumerable<FieldDefinition> InputFields => AllFields.Where(f => !f.Type.IsStatic());

    /// <summary>Finds a field by id in constant time (an index is built once per definition instance).</summary>
    public FieldDefinition? FindField(string id) =>
        FieldIndexes.GetValue(this, static d => d.AllFields.GroupBy(f => f.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal))
            .GetValueOrDefault(id);

    // Kept outside the record so that record equality and JSON are unaffected; definitions are immutable once built.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ProcedureDefinition, Dictionary<string, FieldDefinition>> FieldIndexes = new();
}

public sealed record ContactInfo
{
    [JsonPropertyName("name")] public LocalizedText? Name { get; init; }
    [JsonPropertyName("phone")] public string? Phone { get; init; }
    [JsonPropertyName("email")] public string? Email { get; init; }
    [JsonPropertyName("hours")] public LocalizedText? Hours { get; init; }
}

public sealed record PageDefinition
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("title")] public LocalizedText Title { get; init; } = new("");
    [JsonPropertyName("fields")] public IReadOnlyList<FieldDefinition> Fields { get; init; } = [];
}

public sealed record FieldDefinition
{
    /// <summary>Stable answer key: starts with a letter, then letters, digits or underscores, at most 64.</summary>
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("type")] public FieldType Type { get; init; }
    [JsonPropertyName("label")] public LocalizedText Label { get; init; } = new("");
    [JsonPropertyName("hint")] public LocalizedText? Hint { get; init; }
    [JsonPropertyName("required")] public bool Required { get; init; }

    /// <summary>Text and textarea: length limits in characters (text elements).</summary>
    [JsonPropertyName("minLength")] public int? MinLength { get; init; }
    [JsonPropertyName("maxLength")] public int? MaxLength { get; init; }

    /// <summary>Text: a .NET regular expression the whole value must match.</summary>
    [JsonPropertyName("pattern")] public string? Pattern { get; init; }
    [JsonPropertyName("patternMessage")] public LocalizedText? PatternMessage { get; init; }

    /// <summary>Integer and decimal: inclusive range.</summary>
    [JsonPropertyName("min")] public decimal? Min { get; init; }
    [JsonPropertyName("max")] public decimal? Max { get; init; }

    /// <summary>Decimal: digits after the point allowed.</summary>
    [JsonPropertyName("scale")] public int? Scale { get; init; }

    /// <summary>Integer and decimal: unit shown after the input (円, ㎡, 人).</summary>
    [JsonPropertyName("unit")] public LocalizedText? Unit { get; init; }

    /// <summary>Date: inclusive ISO range (yyyy-MM-dd).</summary>
    [JsonPropertyName("minDate")] public string? MinDate { get; init; }
    [JsonPropertyName("maxDate")] public string? MaxDate { get; init; }

    /// <summary>Choice and multiChoice: the options.</summary>
    [JsonPropertyName("choices")] public IReadOnlyList<ChoiceOption>? Choices { get; init; }

    /// <summary>Choice: "radio" (default) or "select".</summary>
    [JsonPropertyName("display")] public string? Display { get; init; }

    /// <summary>MultiChoice: how many options may be ticked.</summary>
    [JsonPropertyName("minSelected")] public int? MinSelected { get; init; }
    [JsonPropertyName("maxSelected")] public int? MaxSelected { get; init; }

    /// <summary>File: accepted kinds (see <see cref="FileKinds"/>), size limit per file and count limit.</summary>
    [JsonPropertyName("accept")] public IReadOnlyList<string>? Accept { get; init; }
    [JsonPropertyName("maxFileSizeBytes")] public long? MaxFileSizeBytes { get; init; }
    [JsonPropertyName("maxFiles")] public int? MaxFiles { get; init; }

    /// <summary>Heading and paragraph: the text shown.</summary>
    [JsonPropertyName("text")] public LocalizedText? Text { get; init; }

    /// <summary>The length limit that applies: the definition's, else the type's default (text, kana 200; textarea 4000).</summary>
    [JsonIgnore]
    public int? EffectiveMaxLength => MaxLength ?? Type switch
    {
        FieldType.Text or FieldType.Kana => FieldDefaults.TextMaxLength,
        FieldType.TextArea => FieldDefaults.TextAreaMaxLength,
        _ => null,
    };

    [JsonIgnore]
    public int EffectiveScale => Scale ?? FieldDefaults.DecimalScale;

    [JsonIgnore]
    public IReadOnlyList<string> EffectiveAccept => Accept is { Count: > 0 } ? Accept : FileKinds.DefaultAccept;

    [JsonIgnore]
    public long EffectiveMaxFileSizeBytes => MaxFileSizeBytes ?? FieldDefaults.MaxFileSizeBytes;

    [JsonIgnore]
    public int EffectiveMaxFiles => MaxFiles ?? FieldDefaults.MaxFiles;
}

public sealed record ChoiceOption
{
    [JsonPropertyName("value")] public string Value { get; init; } = "";
    [JsonPropertyName("label")] public LocalizedText Label { get; init; } = new("");
}
