using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Japanese;

/// <summary>
/// The wording of the character-level problems shared by names, readings, bank names and character profiles.
/// Japanese first; each message follows the field label (and the part, when there is one).
/// </summary>
internal static class ProblemText
{
    public static FieldProblem Create(string code, PartWording part, string ja, string en) =>
        new(code, new LocalizedText(part.Ja + ja, part.En + en)) { Part = part.Part };

    public static FieldProblem At(string code, PartWording part, int position, string element, string ja, string en, string? suggestion = null) =>
        Create(code, part, ja, en) with { Position = position, Text = element, Suggestion = suggestion };

    public static FieldProblem Required(PartWording part) =>
        Create("required", part, "を入力してください。", " is required.");

    public static FieldProblem TooLong(PartWording part, int max, int length) =>
        Create("tooLong", part, $"は{max}文字以内で入力してください（現在{length}文字）。", $" must be at most {max} characters (currently {length}).");

    public static FieldProblem Broken(PartWording part, int position, string element) =>
        At("brokenCharacter", part, position, element,
            $"の{position}文字目に壊れた文字（{CharacterWording.CodePoints(element)}）があります。入力し直してください。",
            $": character {position} is broken ({CharacterWording.CodePoints(element)}); please type it again.");

    public static FieldProblem Control(PartWording part, int position, string element) =>
        element is "\n" or "\r" or "\r\n"
            ? At("lineBreak", part, position, element,
                $"の{position}文字目に改行があります。1行で入力してください。",
                $": character {position} is a line break; enter it on one line.")
            : At("controlCharacter", part, position, element,
                $"の{position}文字目に使用できない制御文字（{CharacterWording.CodePoints(element)}）があります。",
                $": character {position} is a control character ({CharacterWording.CodePoints(element)}) that cannot be used.");

    public static FieldProblem NotInProfile(PartWording part, int position, string element, CharacterProfile profile, string? suggestion)
    {
        var (setJa, setEn) = profile switch
        {
            CharacterProfile.JisX0208 => ("JIS第1・第2水準の漢字・かな・記号と半角英数記号", "JIS X 0208 characters (level 1 and 2 kanji, kana, symbols) and ASCII"),
            CharacterProfile.JisX0208WithHalfWidthKana => ("JIS第1・第2水準の漢字・かな・記号、半角英数記号と半角カタカナ", "JIS X 0208 characters (level 1 and 2 kanji, kana, symbols), ASCII and half-width katakana"),
            CharacterProfile.Cp932 => ("Windowsの標準の文字（CP932）", "characters of Windows-31J (CP932)"),
            _ => ("制御文字以外の文字", "any character except control characters"),
        };

        var ja = $"の{position}文字目{CharacterWording.Ja(element)}は使用できません。この項目で使える文字は{setJa}です。";
        var en = $": character {position} {CharacterWording.En(element)} cannot be used; this field accepts {setEn}.";
        if (suggestion is not null)
        {
            ja += ReplaceWithJa(suggestion);
            en += ReplaceWithEn(suggestion);
        }

        return At("characterNotAllowed", part, position, element, ja, en, suggestion);
    }

    /// <summary>「「高」に置き換えてください。」, naming a space instead of quoting it.</summary>
    public static string ReplaceWithJa(string suggestion) => suggestion switch
    {
        " " => "半角スペースに置き換えてください。",
        "\u3000" => "全角スペースに置き換えてください。",
        _ => $"「{suggestion}」に置き換えてください。",
    };

    /// <summary>" Use "高" instead.", naming a space instead of quoting it.</summary>
    public static string ReplaceWithEn(string suggestion) => suggestion switch
    {
        " " => " Use a space instead.",
        "\u3000" => " Use an ideographic (full-width) space instead.",
        _ => $" Use \"{suggestion}\" instead.",
    };
}
