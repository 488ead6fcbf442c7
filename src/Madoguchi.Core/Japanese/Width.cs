using System.Text;

namespace Madoguchi.Core.Japanese;

/// <summary>全角/半角 conversion for machine-read values (numbers, codes, addresses of mail).</summary>
public static class Width
{
    /// <summary>
    /// Turns 全角 ASCII (Ａ, １, ＠, －, …, U+FF01–FF5E) and the ideographic space into their 半角 forms and
    /// leaves everything else alone. Unlike NFKC it does not touch kana or compatibility ideographs, so it is
    /// safe on mixed input, but it must still not be applied to names (research 3.5): a name is kept as typed.
    /// </summary>
    public static string NarrowAsciiAndDigits(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        StringBuilder? builder = null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var narrow = c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ => c,
            };

            if (narrow != c)
            {
                builder ??= new StringBuilder(s, 0, i, s.Length);
            }

            builder?.Append(narrow);
        }

        return builder?.ToString() ?? s;
    }

    /// <summary>Dash-like characters people type for the hyphen in codes and phone numbers (IME output varies).</summary>
    internal static bool IsDash(char c) =>
        c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\u30FC' or '\uFF0D' or '\uFF70';

    /// <summary>NFKC that reports failure instead of throwing on ill-formed UTF-16 (lone surrogates).</summary>
    internal static string? TryNormalizeKc(string s)
    {
        try
        {
            return s.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
