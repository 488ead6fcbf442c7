using Madoguchi.Core.Procedures;
using Madoguchi.Server.Infrastructure;

namespace Madoguchi.Server.Features.Designer;

/// <summary>
/// One entry of the palette: a field type, sometimes with a display (和暦日付 is a date shown with the era picker,
/// 選択(プルダウン) a choice shown as a select). Its name is the UI text <c>designer.kind.{Key}</c>.
/// </summary>
public sealed record FieldKind(string Key, FieldType Type, string? Display = null)
{
    public string TextKey => "designer.kind." + Key;

    public bool IsContainer => Type.IsContainer();
}

public static class FieldKinds
{
    public static readonly IReadOnlyList<FieldKind> All =
    [
        new("text", FieldType.Text),
        new("textarea", FieldType.TextArea),
        new("integer", FieldType.Integer),
        new("decimal", FieldType.Decimal),
        new("date", FieldType.Date),
        new("wareki", FieldType.Date, "wareki"),
        new("radio", FieldType.Choice),
        new("select", FieldType.Choice, "select"),
        new("multiChoice", FieldType.MultiChoice),
        new("yesNo", FieldType.YesNo),
        new("email", FieldType.Email),
        new("phone", FieldType.Phone),
        new("postalCode", FieldType.PostalCode),
        new("corporateNumber", FieldType.CorporateNumber),
        new("kana", FieldType.Kana),
        new("name", FieldType.Name),
        new("address", FieldType.Address),
        new("bankAccount", FieldType.BankAccount),
        new("file", FieldType.File),
        new("heading", FieldType.Heading),
        new("paragraph", FieldType.Paragraph),
        new("section", FieldType.Section),
        new("repeat", FieldType.Repeat),
    ];

    public static FieldKind? Find(string? key) => All.FirstOrDefault(k => k.Key == key);

    /// <summary>The palette entry a field corresponds to.</summary>
    public static FieldKind Of(FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Type switch
        {
            FieldType.Date when field.Display == "wareki" => Find("wareki")!,
            FieldType.Date => Find("date")!,
            FieldType.Choice when field.Display == "select" => Find("select")!,
            FieldType.Choice => Find("radio")!,
            _ => All.First(k => k.Type == field.Type),
        };
    }

    /// <summary>A new field of this kind with sensible defaults: its kind's name as label, two options for choices.</summary>
    public static FieldDefinition Create(FieldKind kind, string id, UiText ui)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(ui);
        var name = Text(ui, kind.TextKey);
        var field = new FieldDefinition { Id = id, Type = kind.Type, Display = kind.Display };
        return kind.Type switch
        {
            FieldType.Heading => field with { Text = name },
            FieldType.Paragraph => field with { Text = Text(ui, "designer.default.paragraph") },
            FieldType.Choice or FieldType.MultiChoice => field with { Label = name, Choices = DefaultChoices(ui) },
            FieldType.Section or FieldType.Repeat => field with { Label = name, Fields = [] },
            _ => field with { Label = name },
        };
    }

    /// <summary>
    /// The same field as another (non-container) kind: id, label, hint, required and conditions are kept; what the
    /// new type does not use is dropped; what it needs (options, text) is filled in.
    /// </summary>
    public static FieldDefinition ChangeKind(FieldDefinition field, FieldKind kind, UiText ui)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(ui);
        if (kind.IsContainer || field.Type.IsContainer())
        {
            throw new InvalidOperationException("Sections and repeat groups do not change kind.");
        }

        var wasStatic = field.Type.IsStatic();
        var changed = field with { Type = kind.Type, Display = kind.Display };
        if (kind.Type.IsStatic() && !wasStatic)
        {
            changed = changed with { Text = field.Label.Ja.Length > 0 ? field.Label : Text(ui, kind.TextKey) };
        }
        else if (!kind.Type.IsStatic() && wasStatic)
        {
            changed = changed with { Label = field.Text is { Ja.Length: > 0 } text ? text : Text(ui, kind.TextKey) };
        }

        if (kind.Type is FieldType.Choice or FieldType.MultiChoice && field.Choices is not { Count: > 0 })
        {
            changed = changed with { Choices = DefaultChoices(ui) };
        }

        return FieldProperties.Strip(changed);
    }

    public static ChoiceOption NewChoice(IReadOnlyList<ChoiceOption> existing, UiText ui)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(ui);
        var n = existing.Count + 1;
        while (existing.Any(c => c.Value == $"option{n}"))
        {
            n++;
        }

        var (ja, en) = ui.Both("designer.default.choice");
        return new ChoiceOption { Value = $"option{n}", Label = new LocalizedText(string.Format(System.Globalization.CultureInfo.InvariantCulture, ja, n), string.Format(System.Globalization.CultureInfo.InvariantCulture, en, n)) };
    }

    private static ChoiceOption[] DefaultChoices(UiText ui)
    {
        var first = NewChoice([], ui);
        return [first, NewChoice([first], ui)];
    }

    private static LocalizedText Text(UiText ui, string key)
    {
        var (ja, en) = ui.Both(key);
        return new LocalizedText(ja, en);
    }
}
