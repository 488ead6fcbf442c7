using System.Collections.Frozen;
using System.Text;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Japanese;

/// <summary>フリガナ (readings): forms collect them in 全角カタカナ (research 3.7).</summary>
public static class Kana
{
    /// <summary>Default maximum length of one reading, in characters (readings of long foreign names run long).</summary>
    public const int DefaultMaxReadingLength = 100;

    private const char _ideographicSpace = '\u3000';

    /// <summary>Full-width katakana and kana punctuation → their JIS X 0201 half-width form (ア → ｱ, ー → ｰ, 「 → ｢).</summary>
    private static readonly FrozenDictionary<char, char> _halfWidthByFullWidth = BuildHalfWidthTable();

    /// <summary>U+FF61–FF9D → their full-width form (NFKC of each), precomputed because parsers call this per character.</summary>
    private static readonly char[] _fullWidthByHalfWidth = BuildFullWidthTable();

    /// <summary>(kana, U+3099 or U+309A) → the composed kana (カ + ゛ → ガ), from NFC, for U+3041–30FF.</summary>
    private static readonly FrozenDictionary<int, char> _composedMarks = BuildComposedMarks();

    private enum IssueKind
    {
        NotKana,
        MisplacedMark,
        MisplacedLongVowel,
        Control,
    }

    /// <summary>
    /// Converts what people type for a reading into 全角カタカナ: 半角カナ (with ﾞ/ﾟ combined into one
    /// character, ｶﾞ → ガ), ひらがな, decomposed marks (カ + U+3099 → ガ, as macOS sends), and a dash after kana
    /// into ー. Runs of any spaces become one 全角 space and the ends are trimmed, so 「ヤマダ　タロウ」 is
    /// stored one way however it was typed. Other characters are left for <see cref="IsKatakanaReading"/> to reject.
    /// </summary>
    public static string ToFullWidthKatakana(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Convert(s, issues: null);
    }

    /// <summary>True when the text is a reading in 全角カタカナ: katakana, ー, ・ and 全角 spaces only, with at least one letter.</summary>
    public static bool IsKatakanaReading(string s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }

        var letters = 0;
        foreach (var c in s)
        {
            if (IsKatakanaLetter(c))
            {
                letters++;
            }
            else if (c is not ('ー' or '・' or _ideographicSpace))
            {
                return false;
            }
        }

        return letters > 0;
    }

    /// <summary>
    /// Checks and normalises a reading in one pass: the same conversion as <see cref="ToFullWidthKatakana"/>, and a
    /// problem for each character that cannot be part of a reading (kanji, Latin letters, digits, symbols, a ﾞ with
    /// nothing to attach to, a ー that follows no kana), naming it and its position as typed.
    /// </summary>
    public static KanaReadingResult CheckReading(string? input, int maxLength = DefaultMaxReadingLength) =>
        CheckReading(input, maxLength, PartWording.None, required: true);

    /// <summary>
    /// Half-width katakana (U+FF61–FF9F) → full width, combining ﾞ/ﾟ with the kana before them (ｶﾞ → ガ); nothing
    /// else changes. Used to suggest the full-width form of a name typed in 半角カナ.
    /// </summary>
    public static string WidenHalfWidthKatakana(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var output = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\uFF9E':
                    AppendMark(output, '\u3099');
                    break;
                case '\uFF9F':
                    AppendMark(output, '\u309A');
                    break;
                case >= '\uFF61' and <= '\uFF9D':
                    output.Append(_fullWidthByHalfWidth[c - '\uFF61']);
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }

        return output.ToString();
    }

    /// <summary>
    /// Everything to full width, used to read KEN_ALL's half-width readings into the 全角 form of Japan Post's UTF-8
    /// data: half-width katakana as in <see cref="WidenHalfWidthKatakana"/>, ASCII (1 → １, ( → （) and the space (→ U+3000).
    /// </summary>
    public static string ToFullWidth(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var widened = WidenHalfWidthKatakana(s);
        var output = new StringBuilder(widened.Length);
        foreach (var c in widened)
        {
            output.Append(c switch
            {
                ' ' => _ideographicSpace,
                >= '!' and <= '~' => (char)(c + 0xFEE0),
                _ => c,
            });
        }

        return output.ToString();
    }

    /// <summary>
    /// ひらがな and 全角カタカナ → 半角カタカナ with separate marks (ガ → ｶﾞ, ヴ → ｳﾞ, パ → ﾊﾟ), and ー ・ 「 」 、 。
    /// → ｰ ･ ｢ ｣ ､ ｡. Kana without a half-width form (ヰ, ヱ, ヮ, ヵ, ヶ) and everything else are left as they are.
    /// </summary>
    public static string ToHalfWidthKatakana(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var output = new StringBuilder(s.Length + 4);
        foreach (var original in s)
        {
            var c = original is (>= '\u3041' and <= '\u3096') or '\u309D' or '\u309E' ? (char)(original + 0x60) : original;
            var parts = c is >= '\u30A1' and <= '\u30FA' or '\u30FE' ? c.ToString().Normalize(NormalizationForm.FormD) : c.ToString();
            foreach (var part in parts)
            {
                output.Append(part switch
                {
                    '\u3099' or '\u309B' => '\uFF9E',
                    '\u309A' or '\u309C' => '\uFF9F',
                    _ when _halfWidthByFullWidth.TryGetValue(part, out var half) => half,
                    _ => part,
                });
            }
        }

        return output.ToString();
    }

    internal static KanaReadingResult CheckReading(string? input, int maxLength, PartWording part, bool required)
    {
        if (input is null || (string.IsNullOrWhiteSpace(input) && !input.Any(char.IsControl)))
        {
            return required
                ? new KanaReadingResult(null, [ProblemText.Required(part)])
                : new KanaReadingResult(null, []);
        }

        var issues = new List<(int Index, IssueKind Kind)>();
        var reading = Convert(input, issues);
        var problems = new List<FieldProblem>();
        if (issues.Count > 0)
        {
            var positions = TextElements.PositionsByIndex(input);
            var elements = TextElements.Enumerate(input).Select(e => e.Element).ToArray();
            var reported = new HashSet<int>();
            foreach (var (index, kind) in issues)
            {
                var position = positions[index];
                if (problems.Count >= 10 || !reported.Add(position))
                {
                    continue;
                }

                problems.Add(DescribeIssue(part, kind, position, elements[position - 1]));
            }
        }
        else if (!reading.Any(IsKatakanaLetter))
        {
            problems.Add(ProblemText.Create("noKana", part, "はカタカナかひらがなで入力してください。", " must be written in katakana or hiragana."));
        }

        var length = TextElements.Count(reading);
        if (problems.Count == 0 && length > maxLength)
        {
            problems.Add(ProblemText.TooLong(part, maxLength, length));
        }

        return new KanaReadingResult(problems.Count == 0 ? reading : null, problems);
    }

    internal static bool IsKatakanaLetter(char c) =>
        c is (>= '\u30A1' and <= '\u30FA') or '\u30FD' or '\u30FE' or (>= '\u31F0' and <= '\u31FF');

    /// <summary>
    /// The conversion behind <see cref="ToFullWidthKatakana"/>; when <paramref name="issues"/> is given, it also records
    /// (by index in <paramref name="s"/>) each character that does not belong in a reading.
    /// </summary>
    private static string Convert(string s, List<(int Index, IssueKind Kind)>? issues)
    {
        var output = new StringBuilder(s.Length);
        var pendingSpace = false;
        for (var i = 0; i < s.Length; i++)
        {
            var original = s[i];
            if (char.IsWhiteSpace(original))
            {
                if (char.IsControl(original))
                {
                    issues?.Add((i, IssueKind.Control));
                }

                pendingSpace = output.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                output.Append(_ideographicSpace);
                pendingSpace = false;
            }

            var c = original switch
            {
                >= '\uFF61' and <= '\uFF9D' => _fullWidthByHalfWidth[original - '\uFF61'],
                '\uFF9E' or '\u309B' => '\u3099',
                '\uFF9F' or '\u309C' => '\u309A',
                >= '\u3041' and <= '\u3096' => (char)(original + 0x60),
                '\u309D' or '\u309E' => (char)(original + 0x60),
                _ => original,
            };

            if (c is '\u3099' or '\u309A')
            {
                if (!AppendMark(output, c))
                {
                    issues?.Add((i, IssueKind.MisplacedMark));
                }
            }
            else if (Width.IsDash(c) && c != 'ー' && output.Length > 0 && IsKatakanaLetter(output[^1]))
            {
                output.Append('ー');
            }
            else
            {
                output.Append(c);
                if (issues is not null && !IsKatakanaLetter(c) && c is not ('ー' or '・'))
                {
                    issues.Add((i, char.IsControl(c) ? IssueKind.Control : Width.IsDash(c) ? IssueKind.MisplacedLongVowel : IssueKind.NotKana));
                }
                else if (issues is not null && c == 'ー' && (output.Length < 2 || (!IsKatakanaLetter(output[^2]) && output[^2] != 'ー')))
                {
                    issues.Add((i, IssueKind.MisplacedLongVowel));
                }
            }
        }

        return output.ToString();
    }

    private static FieldProblem DescribeIssue(PartWording part, IssueKind kind, int position, string element)
    {
        if (!TextElements.IsWellFormed(element))
        {
            return ProblemText.Broken(part, position, element);
        }

        return kind switch
        {
            IssueKind.Control => ProblemText.Control(part, position, element),
            IssueKind.MisplacedMark => ProblemText.At("misplacedSoundMark", part, position, element,
                $"の{position}文字目の濁点・半濁点{CharacterWording.Ja(element)}の前に、それをつけられるかながありません。",
                $": character {position}, the sound mark {CharacterWording.En(element)}, does not follow a kana that can take it."),
            IssueKind.MisplacedLongVowel => ProblemText.At("misplacedLongVowel", part, position, element,
                $"の{position}文字目の長音{CharacterWording.Ja(element)}は、かなのあとに書いてください。",
                $": character {position}, the long-vowel mark {CharacterWording.En(element)}, must follow a kana."),
            _ => ProblemText.At("invalidKanaCharacter", part, position, element,
                $"の{position}文字目{CharacterWording.Ja(element)}はフリガナに使えません。カタカナかひらがなで入力してください。",
                $": character {position} {CharacterWording.En(element)} cannot be used in a reading; use katakana or hiragana."),
        };
    }

    /// <summary>Combines a voiced/semi-voiced mark with the kana before it when Unicode has the composed letter.</summary>
    /// <returns>False when there was nothing to combine with (the mark is then kept visible as ゛/゜).</returns>
    private static bool AppendMark(StringBuilder output, char mark)
    {
        if (output.Length > 0 && _composedMarks.TryGetValue((output[^1] << 16) | mark, out var composed))
        {
            output[^1] = composed;
            return true;
        }

        // No composed form (e.g. ﾞ after a vowel): keep a visible spacing mark so the reading is rejected, not silently changed.
        output.Append(mark == '\u3099' ? '\u309B' : '\u309C');
        return false;
    }

    private static char[] BuildFullWidthTable()
    {
        var table = new char['\uFF9D' - '\uFF61' + 1];
        for (var c = '\uFF61'; c <= '\uFF9D'; c++)
        {
            table[c - '\uFF61'] = c.ToString().Normalize(NormalizationForm.FormKC)[0]; // one BMP character each
        }

        return table;
    }

    private static FrozenDictionary<int, char> BuildComposedMarks()
    {
        var table = new Dictionary<int, char>();
        for (var c = '\u3041'; c <= '\u30FF'; c++)
        {
            foreach (var mark in new[] { '\u3099', '\u309A' })
            {
                var composed = string.Concat(c, mark).Normalize(NormalizationForm.FormC);
                if (composed.Length == 1)
                {
                    table[(c << 16) | mark] = composed[0];
                }
            }
        }

        return table.ToFrozenDictionary();
    }

    private static FrozenDictionary<char, char> BuildHalfWidthTable()
    {
        var table = new Dictionary<char, char>();
        for (var c = '\uFF61'; c <= '\uFF9D'; c++)
        {
            var full = c.ToString().Normalize(NormalizationForm.FormKC);
            if (full.Length == 1)
            {
                table.TryAdd(full[0], c);
            }
        }

        return table.ToFrozenDictionary();
    }
}

/// <summary>The outcome of <see cref="Kana.CheckReading(string?, int)"/>.</summary>
/// <param name="Reading">The reading in 全角カタカナ (words separated by one 全角 space) when there are no problems.</param>
public sealed record KanaReadingResult(string? Reading, IReadOnlyList<FieldProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
