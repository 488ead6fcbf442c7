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

    /// <summary>What the applicant does in place of a seal (押印): none, a declaration, or an identity-verified sign-in.</summary>
    [JsonPropertyName("sealPolicy")] public SealPolicy SealPolicy { get; init; }

    /// <summary>The declaration (宣誓) text for <see cref="SealPolicy.Declaration"/>; null = the default text.</summary>
    [JsonPropertyName("declaration")] public LocalizedText? Declaration { get; init; }

    /// <summary>
    /// Per-procedure document templates by kind (<c>notice-grant</c>, <c>notice-rejection</c>, <c>notice-permit</c>,
    /// <c>applicant-copy</c>), each a Madoguchi.Documents template object; a kind not given uses the built-in.
    /// </summary>
    [JsonPropertyName("documents")] public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Documents { get; init; }

    /// <summary>What the applicant needs to have ready (shown on the landing page).</summary>
    [JsonPropertyName("requirements")] public IReadOnlyList<LocalizedText> Requirements { get; init; } = [];

    /// <summary>Id of the field that holds the applicant's name (used for inbox search and display).</summary>
    [JsonPropertyName("applicantNameField")] public string? ApplicantNameField { get; init; }

    /// <summary>Id of the email field the applicant is written to (受付・補正・結果のお知らせ); null = no emails to applicants.</summary>
    [JsonPropertyName("applicantEmailField")] public string? ApplicantEmailField { get; init; }

    /// <summary>Per-event overrides of the applicant emails (see docs/notifications.md); null = built-in texts, all on.</summary>
    [JsonPropertyName("notifications")] public Notifications.ProcedureNotifications? Notifications { get; init; }

    [JsonPropertyName("pages")] public IReadOnlyList<PageDefinition> Pages { get; init; } = [];

    /// <summary>Cross-field checks (end after start, total within a limit), each with its own message.</summary>
    [JsonPropertyName("checks")] public IReadOnlyList<CheckRule> Checks { get; init; } = [];

    /// <summary>The approval route (決裁ルート); null means <see cref="Cases.RouteDefinition.Default"/>. See docs/case-handling.md.</summary>
    [JsonPropertyName("route")] public Cases.RouteDefinition? Route { get; init; }

    /// <summary>Every field at any depth (containers, their children and repeat columns), in document order.</summary>
    [JsonIgnore]
    public IEnumerable<FieldDefinition> AllFields => Pages.SelectMany(p => FieldDefinition.Flatten(p.Fields, intoRepeats: true));

    /// <summary>
    /// Fields whose answers are keys of the top-level answer object: page fields and section contents (not the
    /// sections themselves), repeat groups as one answer (their columns live inside the rows); no static blocks.
    /// </summary>
    [JsonIgnore]
    public IEnumerable<FieldDefinition> InputFields => Pages.SelectMany(p => p.InputFields);

    /// <summary>Finds a field by id in constant time (an index is built once per definition instance).</summary>
    public FieldDefinition? FindField(string id) =>
        FieldIndexes.GetValue(this, static d => d.AllFields.GroupBy(f => f.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal))
            .GetValueOrDefault(id);

    /// <summary>Finds a top-level answer field (see <see cref="InputFields"/>) by id in constant time; null for others.</summary>
    public FieldDefinition? FindInputField(string id) =>
        InputIndexes.GetValue(this, static d => d.InputFields.GroupBy(f => f.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal))
            .GetValueOrDefault(id);

    // Kept outside the record so that record equality and JSON are unaffected; definitions are immutable once built.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ProcedureDefinition, Dictionary<string, FieldDefinition>> FieldIndexes = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ProcedureDefinition, Dictionary<string, FieldDefinition>> InputIndexes = new();
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

    /// <summary>Expression: the page is shown only when true (skipped pages keep no answers).</summary>
    [JsonPropertyName("visibleWhen")] public string? VisibleWhen { get; init; }

    /// <summary>Branching after this page: the first rule whose condition holds decides the next page ("end" = 確認画面).</summary>
    [JsonPropertyName("next")] public IReadOnlyList<PageBranch> Next { get; init; } = [];

    /// <summary>The top-level answer fields of this page (see <see cref="ProcedureDefinition.InputFields"/>).</summary>
    [JsonIgnore]
    public IEnumerable<FieldDefinition> InputFields =>
        FieldDefinition.Flatten(Fields, intoRepeats: false).Where(f => !f.Type.IsStatic() && f.Type != FieldType.Section);
}

/// <summary>"If <see cref="When"/> holds after this page, go to <see cref="GoTo"/>" (a page id, or "end").</summary>
public sealed record PageBranch
{
    public const string End = "end";

    [JsonPropertyName("when")] public string When { get; init; } = "";
    [JsonPropertyName("goTo")] public string GoTo { get; init; } = "";
}

/// <summary>A cross-field rule: <see cref="Assert"/> must hold, else <see cref="Message"/> is shown on <see cref="Fields"/>.</summary>
public sealed record CheckRule
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    /// <summary>Expression that must be true (a null result — e.g. a blank input — passes; use required for presence).</summary>
    [JsonPropertyName("assert")] public string Assert { get; init; } = "";

    [JsonPropertyName("message")] public LocalizedText Message { get; init; } = new("");

    /// <summary>Field ids the message is shown on; the first decides the page the check runs on.</summary>
    [JsonPropertyName("fields")] public IReadOnlyList<string> Fields { get; init; } = [];
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

    /// <summary>Section and repeat: the fields inside. Sections may nest sections; repeats hold no repeats.</summary>
    [JsonPropertyName("fields")] public IReadOnlyList<FieldDefinition>? Fields { get; init; }

    /// <summary>Repeat: how many rows are needed and allowed (defaults 0/required→1 and 50).</summary>
    [JsonPropertyName("minRows")] public int? MinRows { get; init; }
    [JsonPropertyName("maxRows")] public int? MaxRows { get; init; }

    /// <summary>Repeat: what one row is called ("構成員", "請求書"), for "add a …" buttons and row headings.</summary>
    [JsonPropertyName("rowLabel")] public LocalizedText? RowLabel { get; init; }

    /// <summary>Expression: the field (or the whole section/repeat) is shown and answered only when true.</summary>
    [JsonPropertyName("visibleWhen")] public string? VisibleWhen { get; init; }

    /// <summary>Expression: the field is required when true (in addition to <see cref="Required"/>).</summary>
    [JsonPropertyName("requiredWhen")] public string? RequiredWhen { get; init; }

    /// <summary>Expression: the server computes the value; the field is read-only for the applicant.</summary>
    [JsonPropertyName("calculate")] public string? Calculate { get; init; }

    /// <summary>Text, textarea, name, address: the characters accepted — any (default), jisx0208, jisx0208+kana, cp932.</summary>
    [JsonPropertyName("charset")] public string? Charset { get; init; }

    /// <summary>Phone: which numbers are accepted — any (default), fixed, mobile, fixedOrMobile.</summary>
    [JsonPropertyName("phoneKind")] public string? PhoneKind { get; init; }

    /// <summary>Name: whether the katakana reading (フリガナ) is asked for (default true).</summary>
    [JsonPropertyName("reading")] public bool? Reading { get; init; }

    /// <summary>Flattens a field list: sections are entered; repeats are entered only when asked.</summary>
    public static IEnumerable<FieldDefinition> Flatten(IEnumerable<FieldDefinition> fields, bool intoRepeats)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var field in fields)
        {
            yield return field;
            if (field.Fields is { Count: > 0 } children && (field.Type == FieldType.Section || (intoRepeats && field.Type == FieldType.Repeat)))
            {
                foreach (var child in Flatten(children, intoRepeats))
                {
                    yield return child;
                }
            }
        }
    }

    /// <summary>Repeat: the answer fields of one row (sections inside the row entered; no static blocks).</summary>
    [JsonIgnore]
    public IEnumerable<FieldDefinition> RowFields =>
        Flatten(Fields ?? [], intoRepeats: false).Where(f => !f.Type.IsStatic() && f.Type != FieldType.Section);

    [JsonIgnore]
    public int EffectiveMaxRows => MaxRows ?? FieldDefaults.MaxRows;

    [JsonIgnore]
    public int EffectiveMinRows => MinRows ?? (Required ? 1 : 0);

    /// <summary>Whether the reading (フリガナ) parts of a name are asked for.</summary>
    [JsonIgnore]
    public bool AsksReading => Reading ?? true;

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
