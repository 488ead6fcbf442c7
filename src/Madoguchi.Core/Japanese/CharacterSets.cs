using System.Collections.Frozen;
using System.Text;

namespace Madoguchi.Core.Japanese;

/// <summary>Which characters a field may contain (research 3.5): legacy targets accept only JIS X 0208 or CP932.</summary>
public enum CharacterProfile
{
    /// <summary><c>any</c>: all of Unicode except control characters, bidirectional controls and broken surrogates.</summary>
    Any = 0,

    /// <summary><c>jisx0208</c>: JIS X 0208 (level 1 and 2 kanji, kana, symbols) plus ASCII (JIS X 0201 Roman).</summary>
    JisX0208,

    /// <summary><c>jisx0208+kana</c>: <see cref="JisX0208"/> plus JIS X 0201 half-width katakana, for bank-style data.</summary>
    JisX0208WithHalfWidthKana,

    /// <summary><c>cp932</c>: what round-trips through Windows-31J, including NEC and IBM extensions; no user-defined (外字) area.</summary>
    Cp932,
}

/// <summary>
/// Per-field character repertoires and substitution hints. Membership is built once from .NET's code-page data
/// (<see cref="CodePagesEncodingProvider"/>: EUC-JP 51932 and shift_jis 932) into bitsets, lazily and thread-safely.
/// </summary>
public static class CharacterSets
{
    /// <summary>
    /// JIS X 0208 cells that Unicode maps two ways: JIS/Unicode tables use the first code point, Windows (CP932) the
    /// second. The <see cref="CharacterProfile.JisX0208"/> profile accepts both (it is about the JIS repertoire, not
    /// bytes); <see cref="CharacterProfile.Cp932"/> accepts only the Windows one and suggests it for the other.
    /// </summary>
    private static readonly (char Jis, char Windows)[] _mappingVariants =
    [
        ('\u301C', '\uFF5E'), // 〜 WAVE DASH / ～ FULLWIDTH TILDE (1-33)
        ('\u2016', '\u2225'), // ‖ DOUBLE VERTICAL LINE / ∥ PARALLEL TO (1-34)
        ('\u2212', '\uFF0D'), // − MINUS SIGN / － FULLWIDTH HYPHEN-MINUS (1-61)
        ('\u2014', '\u2015'), // — EM DASH / ― HORIZONTAL BAR (1-29)
        ('\u00A2', '\uFFE0'), // ¢ / ￠ (1-81)
        ('\u00A3', '\uFFE1'), // £ / ￡ (1-82)
        ('\u00AC', '\uFFE2'), // ¬ / ￢ (2-44)
    ];

    /// <summary>
    /// Common substitutes for characters outside JIS X 0208 that NFKC does not fold: 第3・第4水準 and IBM-extension
    /// variants to their JIS X 0208 form (the e-Gov workaround, research 3.5), and symbols without a JIS X 0201 form.
    /// Every entry is checked by a test (source outside <c>jisx0208</c>, target inside).
    /// </summary>
    private static readonly FrozenDictionary<string, string> _substitutes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["髙"] = "高",
        ["﨑"] = "崎",
        ["𠮷"] = "吉",
        ["德"] = "徳",
        ["栁"] = "柳",
        ["瀨"] = "瀬",
        ["濵"] = "濱",
        ["槗"] = "橋",
        ["塡"] = "填",
        ["剝"] = "剥",
        ["𠮟"] = "叱",
        ["頰"] = "頬",
        ["鷗"] = "鴎",
        ["ゔ"] = "ヴ",
        ["ゕ"] = "ヵ",
        ["ゖ"] = "ヶ",
        ["\u00A5"] = "\uFFE5", // ¥ → ￥ (the ASCII backslash position is not treated as a yen sign)
        ["\u203E"] = "\uFFE3", // ‾ → ￣
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<Tables> _tables = new(Tables.Build, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly FrozenDictionary<string, CharacterProfile> _profilesByName =
        new Dictionary<string, CharacterProfile>(StringComparer.OrdinalIgnoreCase)
        {
            ["any"] = CharacterProfile.Any,
            ["jisx0208"] = CharacterProfile.JisX0208,
            ["jisx0208+kana"] = CharacterProfile.JisX0208WithHalfWidthKana,
            ["cp932"] = CharacterProfile.Cp932,
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads a profile name as written in a procedure definition: <c>any</c>, <c>jisx0208</c>, <c>jisx0208+kana</c>, <c>cp932</c>.</summary>
    public static bool TryParseProfile(string? name, out CharacterProfile profile)
    {
        profile = CharacterProfile.Any;
        return name is not null && _profilesByName.TryGetValue(name.Trim(), out profile);
    }

    /// <summary>The name used in definitions and documentation (<c>jisx0208+kana</c>, …).</summary>
    public static string GetProfileName(CharacterProfile profile) => profile switch
    {
        CharacterProfile.Any => "any",
        CharacterProfile.JisX0208 => "jisx0208",
        CharacterProfile.JisX0208WithHalfWidthKana => "jisx0208+kana",
        CharacterProfile.Cp932 => "cp932",
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown character profile."),
    };

    /// <summary>
    /// True when one code point belongs to the profile. Line breaks and tabs are never members; <see cref="Validate"/>
    /// lets them through only when asked to.
    /// </summary>
    public static bool Contains(CharacterProfile profile, int codePoint)
    {
        if (codePoint is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
        {
            return false;
        }

        if (profile == CharacterProfile.Any)
        {
            return !IsControl(codePoint);
        }

        if (codePoint > 0xFFFF)
        {
            return false; // JIS X 0208 and CP932 are all in the BMP.
        }

        var tables = _tables.Value;
        var set = profile switch
        {
            CharacterProfile.JisX0208 => tables.JisX0208,
            CharacterProfile.JisX0208WithHalfWidthKana => tables.JisX0208WithKana,
            CharacterProfile.Cp932 => tables.Cp932,
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown character profile."),
        };

        return (set[codePoint >> 6] & (1UL << (codePoint & 63))) != 0;
    }

    /// <summary>True when every character of <paramref name="text"/> is allowed (see <see cref="Validate"/>).</summary>
    public static bool IsAllowed(string text, CharacterProfile profile, bool allowLineBreaks = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TextElements.IsWellFormed(text))
        {
            return false;
        }

        foreach (var rune in text.EnumerateRunes())
        {
            if (!RuneAllowed(rune.Value, profile, allowLineBreaks))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Every character the profile does not allow, each with its 1-based position in text elements and, where a
    /// common one exists, a substitute. Line feeds, carriage returns and tabs pass only with <paramref name="allowLineBreaks"/>
    /// (multi-line fields). At most <paramref name="maxProblems"/> problems are returned.
    /// </summary>
    public static IReadOnlyList<FieldProblem> Validate(string text, CharacterProfile profile, bool allowLineBreaks = false, int maxProblems = 10)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<FieldProblem>();
        Validate(text, profile, allowLineBreaks, maxProblems, PartWording.None, problems);
        return problems;
    }

    /// <summary>
    /// A substitute for one offending text element that the profile accepts, or null. Tried in order: without
    /// variation selectors (葛 + VS17 → 葛), the substitution table (髙 → 高, 〜 → ～ for CP932), NFC (か + U+3099 → が),
    /// NFKC (① → 1, ㈱ → (株), ｱ → ア).
    /// </summary>
    public static string? SuggestSubstitute(string textElement, CharacterProfile profile)
    {
        ArgumentNullException.ThrowIfNull(textElement);
        if (textElement.Length == 0 || !TextElements.IsWellFormed(textElement))
        {
            return null;
        }

        var withoutSelectors = StripVariationSelectors(textElement);
        if (withoutSelectors != textElement && withoutSelectors.Length > 0 && IsAllowed(withoutSelectors, profile))
        {
            return withoutSelectors;
        }

        foreach (var candidate in new[] { textElement, withoutSelectors })
        {
            if (_substitutes.TryGetValue(candidate, out var substitute) && IsAllowed(substitute, profile))
            {
                return substitute;
            }

            if (profile == CharacterProfile.Cp932 && candidate.Length == 1 && ToWindowsVariant(candidate[0]) is { } windows)
            {
                return windows.ToString();
            }
        }

        foreach (var form in new[] { NormalizationForm.FormC, NormalizationForm.FormKC })
        {
            var normalized = withoutSelectors.Normalize(form);
            if (normalized != textElement && normalized.Length > 0 && IsAllowed(normalized, profile))
            {
                return normalized;
            }

            if (_substitutes.TryGetValue(normalized, out var substitute) && IsAllowed(substitute, profile))
            {
                return substitute;
            }
        }

        return null;
    }

    /// <summary>
    /// Replaces the JIS/Unicode code points of the seven doubly-mapped JIS X 0208 cells (〜 U+301C, ‖, −, —, ¢, £, ¬)
    /// with the ones Windows uses (～ U+FF5E, ∥, －, ―, ￠, ￡, ￢), for export to a CP932 system. Nothing else changes.
    /// </summary>
    public static string ToWindowsCodePoints(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var windows = ToWindowsVariant(text[i]);
            if (windows is { } w)
            {
                builder ??= new StringBuilder(text, 0, i, text.Length);
                builder.Append(w);
            }
            else
            {
                builder?.Append(text[i]);
            }
        }

        return builder?.ToString() ?? text;
    }

    internal static void Validate(string text, CharacterProfile profile, bool allowLineBreaks, int maxProblems, PartWording part, List<FieldProblem> problems)
    {
        foreach (var (position, _, element) in TextElements.Enumerate(text))
        {
            if (problems.Count >= maxProblems)
            {
                return;
            }

            if (!TextElements.IsWellFormed(element))
            {
                problems.Add(ProblemText.Broken(part, position, element));
                continue;
            }

            var allowed = true;
            var control = false;
            foreach (var rune in element.EnumerateRunes())
            {
                if (!RuneAllowed(rune.Value, profile, allowLineBreaks))
                {
                    allowed = false;
                    control |= IsControl(rune.Value) || rune.Value is '\n' or '\r' or '\t';
                }
            }

            if (allowed)
            {
                continue;
            }

            problems.Add(control
                ? ProblemText.Control(part, position, element)
                : ProblemText.NotInProfile(part, position, element, profile, SuggestSubstitute(element, profile)));
        }
    }

    /// <summary>Controls that must never reach stored text: C0/C1 controls and the bidirectional embedding, override and isolate controls (used for spoofing).</summary>
    internal static bool IsControl(int codePoint) =>
        codePoint is < 0x20 or (>= 0x7F and <= 0x9F)
            or 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    internal static bool IsVariationSelector(int codePoint) =>
        codePoint is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) or (>= 0x180B and <= 0x180D);

    private static bool RuneAllowed(int codePoint, CharacterProfile profile, bool allowLineBreaks) =>
        (allowLineBreaks && codePoint is '\n' or '\r' or '\t') || Contains(profile, codePoint);

    private static char? ToWindowsVariant(char c)
    {
        foreach (var (jis, windows) in _mappingVariants)
        {
            if (c == jis)
            {
                return windows;
            }
        }

        return null;
    }

    private static string StripVariationSelectors(string element)
    {
        var builder = new StringBuilder(element.Length);
        foreach (var rune in element.EnumerateRunes())
        {
            if (!IsVariationSelector(rune.Value))
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>The three BMP bitsets (1,024 × 64 bits each), built from the code-page tables.</summary>
    private sealed class Tables
    {
        private Tables(ulong[] jisX0208, ulong[] jisX0208WithKana, ulong[] cp932)
        {
            JisX0208 = jisX0208;
            JisX0208WithKana = jisX0208WithKana;
            Cp932 = cp932;
        }

        public ulong[] JisX0208 { get; }

        public ulong[] JisX0208WithKana { get; }

        public ulong[] Cp932 { get; }

        public static Tables Build()
        {
            var replacement = new DecoderReplacementFallback("\uFFFD");
            var euc = CodePagesEncodingProvider.Instance.GetEncoding(51932, EncoderFallback.ReplacementFallback, replacement)
                ?? throw new InvalidOperationException("EUC-JP (code page 51932) is not available.");
            var sjis = CodePagesEncodingProvider.Instance.GetEncoding(932, new EncoderReplacementFallback("?"), replacement)
                ?? throw new InvalidOperationException("Windows-31J (code page 932) is not available.");

            var jis = new ulong[1024];
            for (var c = 0x20; c <= 0x7E; c++)
            {
                Set(jis, c);
            }

            // JIS X 0208 rows 1–8 (symbols, kana, Greek, Cyrillic, box drawing) and 16–84 (level 1 and 2 kanji).
            // .NET's EUC-JP is derived from CP932, so it also decodes NEC row 13 and the IBM extensions (rows 89–92);
            // those rows are simply not enumerated.
            Span<byte> pair = stackalloc byte[2];
            Span<char> decoded = stackalloc char[4];
            for (var row = 1; row <= 84; row++)
            {
                if (row is > 8 and < 16)
                {
                    continue;
                }

                for (var cell = 1; cell <= 94; cell++)
                {
                    pair[0] = (byte)(0xA0 + row);
                    pair[1] = (byte)(0xA0 + cell);
                    if (euc.GetChars(pair, decoded) == 1 && decoded[0] != '\uFFFD')
                    {
                        Set(jis, decoded[0]);
                    }
                }
            }

            foreach (var (jisForm, _) in _mappingVariants)
            {
                Set(jis, jisForm);
            }

            var withKana = (ulong[])jis.Clone();
            for (var c = 0xFF61; c <= 0xFF9F; c++)
            {
                Set(withKana, c);
            }

            var cp932 = new ulong[1024];
            Span<byte> one = stackalloc byte[1];
            Span<byte> encoded = stackalloc byte[4];
            Span<char> back = stackalloc char[2];
            for (var b = 0x20; b <= 0xDF; b++)
            {
                if (b is >= 0x7F and < 0xA1)
                {
                    continue;
                }

                one[0] = (byte)b;
                if (sjis.GetChars(one, decoded) == 1 && decoded[0] != '\uFFFD')
                {
                    Set(cp932, decoded[0]);
                }
            }

            for (var lead = 0x81; lead <= 0xFC; lead++)
            {
                if (lead is > 0x9F and < 0xE0)
                {
                    continue;
                }

                for (var trail = 0x40; trail <= 0xFC; trail++)
                {
                    if (trail == 0x7F)
                    {
                        continue;
                    }

                    pair[0] = (byte)lead;
                    pair[1] = (byte)trail;
                    if (sjis.GetChars(pair, decoded) != 1 || decoded[0] == '\uFFFD' || decoded[0] is >= '\uE000' and <= '\uF8FF')
                    {
                        continue; // unassigned, or the user-defined (外字) area that Windows maps to the private use area
                    }

                    // Keep only characters that encode back to themselves (guards against one-way mappings).
                    var length = sjis.GetBytes(decoded[..1], encoded);
                    if (sjis.GetChars(encoded[..length], back) == 1 && back[0] == decoded[0])
                    {
                        Set(cp932, decoded[0]);
                    }
                }
            }

            return new Tables(jis, withKana, cp932);
        }

        private static void Set(ulong[] set, int codePoint) => set[codePoint >> 6] |= 1UL << (codePoint & 63);
    }
}

/// <summary>Which part of a composite value a message is about, as it is written after the field label.</summary>
/// <param name="Part">Machine name (<c>familyName</c>), or null for a simple field.</param>
/// <param name="Ja">「（姓）」 — written right after the label, so empty for a simple field.</param>
/// <param name="En">" (family name)" — written right after the label, so empty for a simple field.</param>
internal readonly record struct PartWording(string? Part, string Ja, string En)
{
    public static PartWording None { get; } = new(null, "", "");
}
