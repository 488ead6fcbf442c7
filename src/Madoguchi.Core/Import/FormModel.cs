namespace Madoguchi.Core.Import;

/// <summary>Where something sits in the source: sheet + row + column (XLSForm) or element + line + attribute (XForm).</summary>
internal sealed record SourceLocation(string? Sheet, string? Element, int? Row, int? Line, string? Column = null)
{
    public SourceLocation At(string? column) => this with { Column = column };
}

/// <summary>A piece of source text (an expression, a cell) with where it came from.</summary>
internal sealed record SourceText(string Text, SourceLocation Where);

/// <summary>Text per language key: "ja", "en", another code, or <see cref="FormLanguages.Undetermined"/>.</summary>
internal sealed class LanguageTexts
{
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public SourceLocation? Where { get; set; }

    public IEnumerable<string> Languages => _texts.Keys;

    public bool IsEmpty => _texts.Count == 0;

    public void Set(string language, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            _texts[language] = text.Trim();
        }
    }

    public string? Get(string language) => _texts.GetValueOrDefault(language);

    public string? Any() => _texts.Values.FirstOrDefault();
}

internal enum NodeKind
{
    /// <summary>A question with an answer: text, integer, decimal, date, select one/multiple.</summary>
    Question,

    /// <summary>Read-only text shown to the respondent.</summary>
    Note,

    /// <summary>A value computed from others (hidden in ODK).</summary>
    Calculate,

    /// <summary>A tick-box acknowledgement ("OK").</summary>
    Acknowledge,

    Group,
    Repeat,

    /// <summary>A question type Madoguchi has no equivalent for; <see cref="FormNode.TypeText"/> names it.</summary>
    Unsupported,

    /// <summary>Data ODK collects by itself (start, end, today, instanceID); Madoguchi records its own.</summary>
    Metadata,

    /// <summary>A value without a question (XLSForm hidden, an XForm instance node without control or bind).</summary>
    Hidden,
}

internal enum QuestionType
{
    Text,
    Integer,
    Decimal,
    Date,
    SelectOne,
    SelectMultiple,
}

internal sealed record FormChoice(string Value, LanguageTexts Label, SourceLocation Where);

/// <summary>One row of an XLSForm survey sheet or one instance node of an XForm, in the source's own terms.</summary>
internal sealed class FormNode
{
    public FormNode(string name, NodeKind kind, SourceLocation where)
    {
        Name = name;
        Kind = kind;
        Where = where;
    }

    /// <summary>The ODK name (XLSForm name column, XForm element name); may break Madoguchi's id rule.</summary>
    public string Name { get; }

    public NodeKind Kind { get; set; }

    public SourceLocation Where { get; }

    public QuestionType Question { get; set; }

    /// <summary>The type as written (for messages): "select_one sizes", "geopoint", "upload image/*".</summary>
    public string TypeText { get; set; } = "";

    public FormNode? Parent { get; private set; }

    public List<FormNode> Children { get; } = [];

    public LanguageTexts Label { get; set; } = new();
    public LanguageTexts Hint { get; set; } = new();
    public LanguageTexts RequiredMessage { get; set; } = new();
    public LanguageTexts ConstraintMessage { get; set; } = new();

    /// <summary>"yes", "true()", an expression, or null.</summary>
    public SourceText? Required { get; set; }

    public SourceText? Relevant { get; set; }
    public SourceText? Constraint { get; set; }
    public SourceText? Calculation { get; set; }
    public SourceText? RepeatCount { get; set; }
    public SourceText? Default { get; set; }
    public SourceText? ChoiceFilter { get; set; }
    public SourceText? Appearance { get; set; }
    public SourceText? ReadOnly { get; set; }

    /// <summary>Choices of a select question (null when the list is missing, already reported).</summary>
    public List<FormChoice>? Choices { get; set; }

    /// <summary>Whether the select has an "other" option (XLSForm or_other).</summary>
    public SourceText? OrOther { get; set; }

    public void Add(FormNode child)
    {
        child.Parent = this;
        Children.Add(child);
    }

    /// <summary>The absolute instance path, as XForm writes it: /data/group/name.</summary>
    public string Path => Parent is null ? "/" + Name : Parent.Path + "/" + Name;

    public IEnumerable<FormNode> Descendants()
    {
        foreach (var child in Children)
        {
            yield return child;
            foreach (var below in child.Descendants())
            {
                yield return below;
            }
        }
    }

    public bool HasAppearance(string token) =>
        Appearance is { } a && a.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(token, StringComparer.OrdinalIgnoreCase);
}

/// <summary>A whole ODK form, read from either source, before translation.</summary>
internal sealed class FormModel(FormNode root)
{
    public FormNode Root { get; } = root;

    public SourceText? Title { get; set; }
    public SourceText? FormId { get; set; }
    public string? Version { get; set; }

    /// <summary>Language key that unqualified label/hint text belongs to (from default_language), else undetermined.</summary>
    public string DefaultLanguage { get; set; } = FormLanguages.Undetermined;

    /// <summary>Where each language first appears (a column header, an itext translation), for issues.</summary>
    public Dictionary<string, (string Name, SourceLocation Where)> LanguageSources { get; } = new(StringComparer.Ordinal);
}
