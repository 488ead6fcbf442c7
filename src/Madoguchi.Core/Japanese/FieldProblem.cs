using System.Globalization;
using System.Text;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Japanese;

/// <summary>
/// One thing wrong with one value, found by the Japanese field rules. <see cref="Message"/> is worded like every
/// <c>AnswerValidator</c> message: it is written to follow the field's label, so 「氏名」 + 「（姓）の3文字目「ｱ」は…」
/// and "Name" + " (family name): character 3 "ｱ" is …" read as whole sentences. <see cref="WithLabel"/> joins them.
/// </summary>
/// <param name="Code">Stable machine code (listed in docs/japanese-fields.md).</param>
/// <param name="Message">What is wrong and where, Japanese first, written to follow the field label.</param>
public sealed record FieldProblem(string Code, LocalizedText Message)
{
    /// <summary>The part of a composite value the problem is about (<c>familyName</c>, <c>bankCode</c>, …), or null.</summary>
    public string? Part { get; init; }

    /// <summary>1-based position of the offending character, counted in text elements (what the applicant sees as one character).</summary>
    public int? Position { get; init; }

    /// <summary>The offending character (one text element) exactly as it was in the input.</summary>
    public string? Text { get; init; }

    /// <summary>A substitute the field would accept, when a common one exists (髙 → 高, ｱ → ア).</summary>
    public string? Suggestion { get; init; }

    /// <summary>The whole message for a field: label + <see cref="Message"/> in each language.</summary>
    public LocalizedText WithLabel(LocalizedText label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var labelEn = string.IsNullOrEmpty(label.En) ? label.Ja : label.En;
        return new LocalizedText(label.Ja + Message.Ja, labelEn + Message.En);
    }
}

/// <summary>Text-element (grapheme) arithmetic shared by the validators: positions are what the applicant sees.</summary>
internal static class TextElements
{
    /// <summary>The text elements of <paramref name="s"/> with their 1-based positions.</summary>
    public static IEnumerable<(int Position, int Index, string Element)> Enumerate(string s)
    {
        var position = 0;
        var index = 0;
        while (index < s.Length)
        {
            var length = StringInfo.GetNextTextElementLength(s, index);
            position++;
            yield return (position, index, s.Substring(index, length));
            index += length;
        }
    }

    /// <summary>For each UTF-16 index, the 1-based text-element position it belongs to.</summary>
    public static int[] PositionsByIndex(string s)
    {
        var positions = new int[s.Length];
        foreach (var (position, index, element) in Enumerate(s))
        {
            positions.AsSpan(index, element.Length).Fill(position);
        }

        return positions;
    }

    public static int Count(string s) => new StringInfo(s).LengthInTextElements;

    /// <summary>True when the string has no unpaired surrogate (such strings cannot be normalised or stored as UTF-8).</summary>
    public static bool IsWellFormed(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 || !HasUnpairedSurrogate(s);

    private static bool HasUnpairedSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>How characters are shown inside messages: 「髙」（U+9AD9）, or only the code point when the character is invisible.</summary>
internal static class CharacterWording
{
    public static string CodePoints(string element)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < element.Length; i++)
        {
            int value = element[i];
            if (char.IsHighSurrogate(element[i]) && i + 1 < element.Length && char.IsLowSurrogate(element[i + 1]))
            {
                value = char.ConvertToUtf32(element[i], element[i + 1]);
                i++;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(CultureInfo.InvariantCulture, $"U+{value:X4}");
        }

        return builder.ToString();
    }

    /// <summary>「X」（U+XXXX） in Japanese; named for spaces; code point only for invisible characters.</summary>
    public static string Ja(string element) => element switch
    {
        " " => "半角スペース",
        "\u3000" => "全角スペース",
        _ when IsInvisible(element) => $"（{CodePoints(element)}）",
        _ => $"「{element}」（{CodePoints(element)}）",
    };

    /// <summary>"X" (U+XXXX) in English; named for spaces; code point only for invisible characters.</summary>
    public static string En(string element) => element switch
    {
        " " => "a space",
        "\u3000" => "an ideographic (full-width) space",
        _ when IsInvisible(element) => $"({CodePoints(element)})",
        _ => $"\"{element}\" ({CodePoints(element)})",
    };

    private static bool IsInvisible(string element)
    {
        if (!TextElements.IsWellFormed(element))
        {
            return true;
        }

        foreach (var rune in element.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned))
            {
                return false;
            }
        }

        return true;
    }
}
