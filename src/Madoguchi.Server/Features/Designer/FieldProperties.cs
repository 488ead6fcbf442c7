using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Designer;

/// <summary>
/// Which properties each field type uses, as the parser decides (a test holds the two in agreement), so the panel
/// offers exactly those and a change of kind drops the rest instead of leaving "does not apply" problems behind.
/// </summary>
public static class FieldProperties
{
    private static readonly string[] Common = ["label", "hint", "required", "visibleWhen", "requiredWhen"];
    private static readonly string[] Static = ["text", "visibleWhen"];
    private static readonly string[] SectionProperties = ["label", "hint", "visibleWhen", "fields"];

    /// <summary>Every optional property a field may carry (JSON names), besides id and type.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "label", "hint", "required", "visibleWhen", "requiredWhen",
        "minLength", "maxLength", "pattern", "patternMessage", "min", "max", "scale", "unit", "minDate", "maxDate",
        "choices", "display", "minSelected", "maxSelected", "accept", "maxFileSizeBytes", "maxFiles", "text",
        "fields", "minRows", "maxRows", "rowLabel", "calculate", "charset", "phoneKind", "reading",
    ];

    private static string[] Own(FieldType type) => type switch
    {
        FieldType.Text => ["minLength", "maxLength", "pattern", "patternMessage", "charset", "calculate"],
        FieldType.TextArea => ["minLength", "maxLength", "charset"],
        FieldType.Kana => ["minLength", "maxLength"],
        FieldType.Integer => ["min", "max", "unit", "calculate"],
        FieldType.Decimal => ["min", "max", "scale", "unit", "calculate"],
        FieldType.Date => ["minDate", "maxDate", "display", "calculate"],
        FieldType.YesNo => ["calculate"],
        FieldType.Choice => ["choices", "display"],
        FieldType.MultiChoice => ["choices", "minSelected", "maxSelected"],
        FieldType.File => ["accept", "maxFileSizeBytes", "maxFiles"],
        FieldType.Phone => ["phoneKind"],
        FieldType.Repeat => ["fields", "minRows", "maxRows", "rowLabel"],
        FieldType.Name => ["reading", "charset"],
        FieldType.Address => ["charset"],
        _ => [],
    };

    public static bool Applies(FieldType type, string property)
    {
        if (type.IsStatic())
        {
            return Static.Contains(property, StringComparer.Ordinal);
        }

        if (type == FieldType.Section)
        {
            return SectionProperties.Contains(property, StringComparer.Ordinal);
        }

        return Common.Contains(property, StringComparer.Ordinal) || Own(type).Contains(property, StringComparer.Ordinal);
    }

    /// <summary>The field with every property its type does not use reset to "not given".</summary>
    public static FieldDefinition Strip(FieldDefinition f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var t = f.Type;
        bool A(string name) => Applies(t, name);
        return f with
        {
            Label = A("label") ? f.Label : new LocalizedText(""),
            Hint = A("hint") ? f.Hint : null,
            Required = A("required") && f.Required,
            VisibleWhen = A("visibleWhen") ? f.VisibleWhen : null,
            RequiredWhen = A("requiredWhen") ? f.RequiredWhen : null,
            MinLength = A("minLength") ? f.MinLength : null,
            MaxLength = A("maxLength") ? f.MaxLength : null,
            Pattern = A("pattern") ? f.Pattern : null,
            PatternMessage = A("patternMessage") ? f.PatternMessage : null,
            Min = A("min") ? f.Min : null,
            Max = A("max") ? f.Max : null,
            Scale = A("scale") ? f.Scale : null,
            Unit = A("unit") ? f.Unit : null,
            MinDate = A("minDate") ? f.MinDate : null,
            MaxDate = A("maxDate") ? f.MaxDate : null,
            Choices = A("choices") ? f.Choices : null,
            Display = A("display") ? f.Display : null,
            MinSelected = A("minSelected") ? f.MinSelected : null,
            MaxSelected = A("maxSelected") ? f.MaxSelected : null,
            Accept = A("accept") ? f.Accept : null,
            MaxFileSizeBytes = A("maxFileSizeBytes") ? f.MaxFileSizeBytes : null,
            MaxFiles = A("maxFiles") ? f.MaxFiles : null,
            Text = A("text") ? f.Text : null,
            Fields = A("fields") ? f.Fields : null,
            MinRows = A("minRows") ? f.MinRows : null,
            MaxRows = A("maxRows") ? f.MaxRows : null,
            RowLabel = A("rowLabel") ? f.RowLabel : null,
            Calculate = A("calculate") ? f.Calculate : null,
            Charset = A("charset") ? f.Charset : null,
            PhoneKind = A("phoneKind") ? f.PhoneKind : null,
            Reading = A("reading") ? f.Reading : null,
        };
    }
}
