using System.Text;

namespace Madoguchi.Core.Japanese;

/// <summary>
/// 氏名 with フリガナ, as stored: the name exactly as typed (never NFKC- or NFC-normalised, so 髙, 﨑 and IVS
/// sequences keep the registered form; research 3.5/3.6) and the reading in 全角カタカナ (research 3.7).
/// </summary>
/// <param name="FamilyName">姓, trimmed of ASCII and ideographic spaces at the ends.</param>
/// <param name="GivenName">名; empty only when <see cref="NameOptions.GivenNameRequired"/> is false.</param>
/// <param name="FamilyNameKana">セイ in 全角カタカナ; empty only when <see cref="NameOptions.ReadingRequired"/> is false.</param>
/// <param name="GivenNameKana">メイ in 全角カタカナ.</param>
public sealed record PersonName(string FamilyName, string GivenName, string FamilyNameKana, string GivenNameKana)
{
    /// <summary>Default maximum length of one name part, in characters (text elements, so 𠮷 or 葛󠄀 counts as one).</summary>
    public const int DefaultMaxLength = 50;

    private static readonly PartWording _family = new("familyName", "（姓）", " (family name)");
    private static readonly PartWording _given = new("givenName", "（名）", " (given name)");
    private static readonly PartWording _familyKana = new("familyNameKana", "（セイ）", " (family name reading)");
    private static readonly PartWording _givenKana = new("givenNameKana", "（メイ）", " (given name reading)");
    private static readonly PartWording _fullName = new("fullName", "", "");
    private static readonly PartWording _fullNameKana = new("fullNameKana", "（フリガナ）", " (reading)");

    /// <summary>「山田　太郎」: family and given name joined by one ideographic space (the family name alone when there is no given name).</summary>
    public string FullName => Join(FamilyName, GivenName);

    /// <summary>「ヤマダ　タロウ」.</summary>
    public string FullNameKana => Join(FamilyNameKana, GivenNameKana);

    /// <summary>
    /// Checks the four parts of a name. Names: ASCII and ideographic spaces trimmed at the ends, nothing else changed
    /// except that a combining 濁点/半濁点 after kana is composed (か + U+3099 → が; kanji are never touched); control
    /// characters, broken characters and 半角カタカナ are rejected with their position, and the character profile
    /// of <paramref name="options"/> applies. Readings: as <see cref="Kana.CheckReading(string?, int)"/>.
    /// </summary>
    public static PersonNameResult Create(string? familyName, string? givenName, string? familyNameKana, string? givenNameKana, NameOptions? options = null)
    {
        options ??= NameOptions.Default;
        var problems = new List<FieldProblem>();
        var family = CheckNamePart(familyName, _family, required: true, options, problems);
        var given = CheckNamePart(givenName, _given, options.GivenNameRequired, options, problems);

        var givenReadingRequired = options.ReadingRequired && !string.IsNullOrEmpty(given);
        var familyKana = Kana.CheckReading(familyNameKana, options.MaxReadingLength, _familyKana, options.ReadingRequired);
        var givenKana = Kana.CheckReading(givenNameKana, options.MaxReadingLength, _givenKana, givenReadingRequired);
        problems.AddRange(familyKana.Problems);
        problems.AddRange(givenKana.Problems);

        return problems.Count == 0 && family is not null && given is not null
            ? new PersonNameResult(new PersonName(family, given, familyKana.Reading ?? "", givenKana.Reading ?? ""), problems)
            : new PersonNameResult(null, problems);
    }

    /// <summary>
    /// The single-field form: 「山田 太郎」 and 「ヤマダ タロウ」, family name first, separated by ASCII or ideographic
    /// spaces (split at the first run of spaces, so everything after it is the given name). Without a space the whole
    /// value is the family name when the given name is optional, and a problem otherwise.
    /// </summary>
    public static PersonNameResult ParseFullName(string? fullName, string? fullNameKana, NameOptions? options = null)
    {
        options ??= NameOptions.Default;
        var problems = new List<FieldProblem>();
        var name = TrimSpaces(fullName ?? "");
        var reading = TrimSpaces(fullNameKana ?? "");

        string? family = null, given = null, familyKana = null, givenKana = null;
        if (name.Length == 0)
        {
            problems.Add(ProblemText.Required(_fullName));
        }
        else if (TrySplitFullName(name, out var f, out var g))
        {
            (family, given) = (f, g);
        }
        else if (!options.GivenNameRequired)
        {
            (family, given) = (name, "");
        }
        else
        {
            problems.Add(ProblemText.Create("nameNotSeparated", _fullName,
                "は姓と名の間にスペースを入れてください（例：山田　太郎）。",
                " must have a space between the family name and the given name (e.g. 山田 太郎)."));
        }

        if (reading.Length == 0)
        {
            if (options.ReadingRequired)
            {
                problems.Add(ProblemText.Required(_fullNameKana));
            }
            else
            {
                (familyKana, givenKana) = ("", "");
            }
        }
        else if (TrySplitFullName(reading, out var fk, out var gk))
        {
            (familyKana, givenKana) = (fk, gk);
        }
        else if (given is "")
        {
            (familyKana, givenKana) = (reading, "");
        }
        else
        {
            problems.Add(ProblemText.Create("nameNotSeparated", _fullNameKana,
                "は姓と名の間にスペースを入れてください（例：ヤマダ　タロウ）。",
                " must have a space between the family name and the given name (e.g. ヤマダ タロウ)."));
        }

        if (problems.Count > 0)
        {
            return new PersonNameResult(null, problems);
        }

        return Create(family, given, familyKana, givenKana, options);
    }

    /// <summary>Splits 「山田　太郎」 at the first run of ASCII or ideographic spaces; false when there is none.</summary>
    public static bool TrySplitFullName(string? fullName, out string familyName, out string givenName)
    {
        familyName = "";
        givenName = "";
        var value = TrimSpaces(fullName ?? "");
        var start = value.AsSpan().IndexOfAny(' ', '\u3000');
        if (start < 0)
        {
            return false;
        }

        var end = start;
        while (end < value.Length && value[end] is ' ' or '\u3000')
        {
            end++;
        }

        familyName = value[..start];
        givenName = value[end..];
        return true;
    }

    /// <summary>Removes ASCII spaces and ideographic spaces (U+3000) at both ends, and nothing else.</summary>
    public static string TrimSpaces(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim([' ', '\u3000']);
    }

    private static string Join(string first, string second) => second.Length == 0 ? first : first + "\u3000" + second;

    private static string? CheckNamePart(string? raw, PartWording part, bool required, NameOptions options, List<FieldProblem> problems)
    {
        var value = ComposeKanaMarks(TrimSpaces(raw ?? ""));
        if (value.Length == 0)
        {
            if (required)
            {
                problems.Add(ProblemText.Required(part));
                return null;
            }

            return "";
        }

        var before = problems.Count;
        CharacterSets.Validate(value, options.Profile, allowLineBreaks: false, maxProblems: before + 10, part, problems);

        var halfWidth = value.AsSpan().IndexOfAnyInRange('\uFF61', '\uFF9F');
        if (halfWidth >= 0)
        {
            var position = TextElements.PositionsByIndex(value)[halfWidth];
            if (!problems.Skip(before).Any(p => p.Position == position))
            {
                var element = TextElements.Enumerate(value).First(e => e.Position == position).Element;
                var widened = Kana.WidenHalfWidthKatakana(value);
                problems.Add(ProblemText.At("halfWidthKana", part, position, element,
                    $"の{position}文字目{CharacterWording.Ja(element)}は半角カタカナです。氏名は全角で入力してください（「{widened}」）。",
                    $": character {position} {CharacterWording.En(element)} is half-width katakana; type names in full-width characters (\"{widened}\").",
                    widened));
            }
        }

        var length = TextElements.Count(value);
        if (length > options.MaxNameLength)
        {
            problems.Add(ProblemText.TooLong(part, options.MaxNameLength, length));
        }

        return problems.Count == before ? value : null;
    }

    /// <summary>Composes only a combining 濁点/半濁点 (U+3099/U+309A) with the kana before it; every other character is kept as typed.</summary>
    private static string ComposeKanaMarks(string value)
    {
        if (value.AsSpan().IndexOfAny('\u3099', '\u309A') < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\u3099' or '\u309A' && builder.Length > 0 && builder[^1] is >= '\u3041' and <= '\u30FF')
            {
                var composed = string.Concat(builder[^1], c).Normalize(NormalizationForm.FormC);
                if (composed.Length == 1)
                {
                    builder[^1] = composed[0];
                    continue;
                }
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}

/// <summary>Options for <see cref="PersonName.Create"/> and <see cref="PersonName.ParseFullName"/>.</summary>
public sealed record NameOptions
{
    public static NameOptions Default { get; } = new();

    /// <summary>Maximum characters per name part (default 50).</summary>
    public int MaxNameLength { get; init; } = PersonName.DefaultMaxLength;

    /// <summary>Maximum characters per reading part (default 100).</summary>
    public int MaxReadingLength { get; init; } = Kana.DefaultMaxReadingLength;

    /// <summary>Whether 名 is required (default true; some people have a single name).</summary>
    public bool GivenNameRequired { get; init; } = true;

    /// <summary>Whether フリガナ is required (default true).</summary>
    public bool ReadingRequired { get; init; } = true;

    /// <summary>Which characters the name itself may use (default <see cref="CharacterProfile.Any"/>).</summary>
    public CharacterProfile Profile { get; init; } = CharacterProfile.Any;
}

/// <summary>The outcome of checking a name: the name when there are no problems, else every problem found.</summary>
public sealed record PersonNameResult(PersonName? Name, IReadOnlyList<FieldProblem> Problems)
{
    public bool IsValid => Name is not null && Problems.Count == 0;
}
