using System.Text.Json;
using System.Text.Json.Serialization;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Documents.Templates;

/// <summary>
/// A document template as data (JSON) that staff edit without code: a title, a list of blocks with
/// <c>{{placeholders}}</c>, and where the organisation's official seal goes. See docs/documents.md.
/// </summary>
public sealed record DocumentTemplate
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("kind")]
    public DocumentKind Kind { get; init; } = DocumentKind.Notice;

    [JsonPropertyName("title")]
    public required LocalizedText Title { get; init; }

    [JsonPropertyName("blocks")]
    public IReadOnlyList<TemplateBlock> Blocks { get; init; } = [];

    /// <summary>Where the organisation's 公印 is drawn (notices); null for none.</summary>
    [JsonPropertyName("officialSeal")]
    public SealPlacement? OfficialSeal { get; init; }

    private static readonly JsonSerializerOptions _json = new()
    {
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };

    /// <summary>Reads a template; malformed JSON is a <see cref="TemplateException"/> with the JSON path.</summary>
    public static DocumentTemplate FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<DocumentTemplate>(json, _json)
                ?? throw new TemplateException([new TemplateProblem("$", new LocalizedText("テンプレートが空です。", "The template is empty."))]);
        }
        catch (JsonException e)
        {
            var path = e.Path ?? "$";
            throw new TemplateException([new TemplateProblem(path, new LocalizedText(
                $"テンプレートの JSON を読めません（{path}）。項目名と値の種類を確認してください。",
                $"The template JSON cannot be read at {path}: check the property names and value types."))]);
        }
    }

    /// <summary>Problems that do not depend on the data: a seal placement off the A4 page.</summary>
    public IReadOnlyList<TemplateProblem> Check()
    {
        var problems = new List<TemplateProblem>();
        if (OfficialSeal is { } seal && (seal.Page < 1 || seal.Size <= 0 || seal.X < 0 || seal.Y < 0
            || seal.X + seal.Size > 210 || seal.Y + seal.Size > 297))
        {
            problems.Add(new TemplateProblem("officialSeal", new LocalizedText(
                "公印の位置が A4 の用紙（210×297 mm）からはみ出しています。page は 1 以上、x・y・size はミリメートルで指定してください。",
                "The official seal lies outside the A4 page (210×297 mm): page starts at 1; x, y and size are millimetres.")));
        }

        return problems;
    }

    public string ToJson() => JsonSerializer.Serialize(this, _json);

    /// <summary>The built-in templates: applicant-copy, decision, notice-grant, notice-rejection, notice-permit.</summary>
    public static DocumentTemplate BuiltIn(string id)
    {
        using var stream = typeof(DocumentTemplate).Assembly.GetManifestResourceStream($"Madoguchi.Documents.Templates.{id}.json")
            ?? throw new ArgumentException($"No built-in template '{id}'.", nameof(id));
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }

    public static IReadOnlyList<string> BuiltInIds { get; } =
        ["applicant-copy", "decision", "notice-grant", "notice-rejection", "notice-permit"];
}

[JsonConverter(typeof(JsonStringEnumConverter<DocumentKind>))]
public enum DocumentKind
{
    ApplicantCopy,
    Decision,
    Notice,
}

[JsonConverter(typeof(JsonStringEnumConverter<BlockType>))]
public enum BlockType
{
    /// <summary>A centred large title.</summary>
    Heading,

    /// <summary>Running text with Japanese line breaking.</summary>
    Paragraph,

    /// <summary>One line aligned left, right or centre (dates, addresses, sender).</summary>
    Line,

    /// <summary>A key/value table from <see cref="TemplateBlock.Rows"/>.</summary>
    Table,

    /// <summary>A key/value table of every answer of the application.</summary>
    Answers,

    /// <summary>The approval route: title, name, date and a seal box for each approver.</summary>
    Route,

    /// <summary>Vertical space of <see cref="TemplateBlock.Size"/> millimetres.</summary>
    Space,
}

[JsonConverter(typeof(JsonStringEnumConverter<TextAlign>))]
public enum TextAlign
{
    Left,
    Center,
    Right,
}

public sealed record TemplateBlock
{
    [JsonPropertyName("type")]
    public BlockType Type { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("align")]
    public TextAlign Align { get; init; } = TextAlign.Left;

    /// <summary>Font size in points for text blocks; millimetres for <see cref="BlockType.Space"/>.</summary>
    [JsonPropertyName("size")]
    public double? Size { get; init; }

    [JsonPropertyName("rows")]
    public IReadOnlyList<TemplateRow> Rows { get; init; } = [];
}

public sealed record TemplateRow
{
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    [JsonPropertyName("value")]
    public required string Value { get; init; }
}

/// <summary>A seal position in millimetres from the top-left corner of the page (page numbers start at 1).</summary>
public sealed record SealPlacement
{
    [JsonPropertyName("page")]
    public int Page { get; init; } = 1;

    [JsonPropertyName("x")]
    public double X { get; init; }

    [JsonPropertyName("y")]
    public double Y { get; init; }

    [JsonPropertyName("size")]
    public double Size { get; init; } = 24;
}
