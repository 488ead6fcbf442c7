using System.Text;

namespace Madoguchi.Core.Japanese;

/// <summary>フリガナ (readings): forms collect them in 全角カタカナ (research 3.7).</summary>
public static class Kana
{
    private const char _ideographicSpace = '\u3000';

    /// <summary>
    /// Converts what people type for a reading into 全角カタカナ: 半角カナ (with ﾞ/ﾟ combined into one
    /// character, ｶﾞ → ガ), ひらがな, decomposed marks (カ + U+3099 → ガ, as macOS sends), and a dash after kana
    /// into ー. Runs of any spaces become one 全角 space and the ends are trimmed, so 「ヤマダ　タロウ」 is
    /// stored one way however it was typed. Other characters are left for <see cref="IsKatakanaReading"/> to reject.
    /// </summary>
    public static string ToFullWidthKatakana(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var output = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var original in s)
        {
            if (char.IsWhiteSpace(original))
            {
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
                // Half-width katakana block: NFKC of a single BMP character cannot fail.
                >= '\uFF61' and <= '\uFF9D' => original.ToString().Normalize(NormalizationForm.FormKC)[0],
                '\uFF9E' or '\u309B' => '\u3099',
                '\uFF9F' or '\u309C' => '\u309A',
                >= '\u3041' and <= '\u3096' => (char)(original + 0x60),
                '\u309D' or '\u309E' => (char)(original + 0x60),
                _ => original,
            };

            if (c is '\u3099' or '\u309A')
            {
                AppendMark(output, c);
            }
            else if (Width.IsDash(c) && c != 'ー' && output.Length > 0 && IsKatakanaLetter(output[^1]))
            {
                output.Append('ー');
            }
            else
            {
                output.Append(c);
            }
        }

        return output.ToString();
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

    private static bool IsKatakanaLetter(char c) =>
        c is (>= '\u30A1' and <= '\u30FA') or '\u30FD' or '\u30FE' or (>= '\u31F0' and <= '\u31FF');

    /// <summary>Combines a voiced/semi-voiced mark with the kana before it when Unicode has the composed letter.</summary>
    private static void AppendMark(StringBuilder output, char mark)
    {
        if (output.Length > 0)
        {
            var composed = string.Concat(output[^1], mark).Normalize(NormalizationForm.FormC);
            if (composed.Length == 1)
            {
                output[^1] = composed[0];
                return;
            }
        }

        // No composed form (e.g. ﾞ after a vowel): keep a visible spacing mark so the reading is rejected, not silently changed.
        output.Append(mark == '\u3099' ? '\u309B' : '\u309C');
    }
}
