namespace Madoguchi.Documents.Rendering;

/// <summary>
/// Breaks text into lines that fit a width, character by character as Japanese is set, with 禁則処理: a line never
/// starts with closing punctuation, small kana or the prolonged sound mark (行頭禁則) and never ends with an
/// opening bracket (行末禁則); runs of Latin letters and digits are not split unless longer than a line.
/// </summary>
public static class LineBreaker
{
    /// <summary>Characters that must not start a line.</summary>
    public const string NotAtLineStart = "、。，．,.）)」』】〕〉》］]｝}’”〙〗〟・：:；;！!？?ー―‐〜～ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々ゝゞヽヾ％%";

    /// <summary>Characters that must not end a line.</summary>
    public const string NotAtLineEnd = "（(「『【〔〈《［[｛{‘“〘〖〝＄$￥¥";

    public static IReadOnlyList<string> Break(string text, Func<string, double> measure, double width)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(measure);
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            BreakParagraph(paragraph, measure, width, lines);
        }

        return lines;
    }

    private static void BreakParagraph(string text, Func<string, double> measure, double width, List<string> lines)
    {
        if (text.Length == 0)
        {
            lines.Add("");
            return;
        }

        var start = 0;
        while (start < text.Length)
        {
            // Longest prefix that fits (at least one character). Widths add up character by character: Japanese
            // text has no kerning, and measuring each character once keeps long paragraphs linear.
            var end = start + 1;
            var used = CharWidth(text, start, measure);
            while (end < text.Length)
            {
                var next = used + CharWidth(text, end, measure);
                if (next > width)
                {
                    break;
                }

                used = next;
                end++;
            }

            if (end < text.Length)
            {
                end = AdjustBreak(text, start, end);
            }

            lines.Add(text[start..end].TrimEnd(' '));
            start = end;
            while (start < text.Length && text[start] == ' ')
            {
                start++;
            }
        }
    }

    private static double CharWidth(string text, int index, Func<string, double> measure) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? measure(text.Substring(index, 2))
        : char.IsLowSurrogate(text[index]) ? 0
        : measure(text.Substring(index, 1));

    /// <summary>Moves a break at <paramref name="end"/> earlier so neither side breaks a rule; never to an empty line.</summary>
    private static int AdjustBreak(string text, int start, int end)
    {
        var candidate = end;
        for (var guard = 0; guard < 30 && candidate > start + 1; guard++)
        {
            var next = text[candidate];
            var last = text[candidate - 1];
            if (NotAtLineStart.Contains(next, StringComparison.Ordinal)
                || NotAtLineEnd.Contains(last, StringComparison.Ordinal)
                || char.IsLowSurrogate(next)
                || (IsWordChar(last) && IsWordChar(next)))
            {
                candidate--;
                continue;
            }

            return candidate;
        }

        // A word longer than the line, or a run of forbidden characters: break where it fits, but still keep a
        // surrogate pair together.
        return char.IsLowSurrogate(text[end]) ? end - 1 : end;
    }

    private static bool IsWordChar(char c) => c < 0x80 && char.IsLetterOrDigit(c);
}
