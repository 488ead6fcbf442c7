using System.Text;

namespace Madoguchi.Core.Japanese;

/// <summary>What a value is, for <see cref="Width.NormalizeFor"/>: each kind has one documented width rule.</summary>
public enum FieldValueKind
{
    /// <summary>Free text: unchanged (an answer is kept as typed).</summary>
    Text,

    /// <summary>氏名 and other names: unchanged, never width-folded or normalised (research 3.5).</summary>
    Name,

    /// <summary>フリガナ: 半角カナ and ひらがな → 全角カタカナ, spaces → one 全角 space (<see cref="Kana.ToFullWidthKatakana"/>).</summary>
    KanaReading,

    /// <summary>Numbers in general: 全角 digits and signs → ASCII, dash look-alikes → <c>-</c>.</summary>
    Digits,

    /// <summary>郵便番号: as <see cref="Digits"/> (then <see cref="PostalCode.Normalize"/>).</summary>
    PostalCode,

    /// <summary>電話番号: as <see cref="Digits"/> (then <see cref="PhoneNumber.Normalize"/>).</summary>
    Phone,

    /// <summary>法人番号: as <see cref="Digits"/> (then <see cref="CorporateNumber.Normalize"/>).</summary>
    CorporateNumber,

    /// <summary>金融機関コード, 支店コード, 口座番号: as <see cref="Digits"/>.</summary>
    BankCode,

    /// <summary>口座名義: the bank form (<see cref="BankAccount.ToZenginKana"/>): 半角カナ, upper-case ASCII.</summary>
    BankAccountHolder,

    /// <summary>E-mail: 全角 ASCII (＠, ａ, ．) → ASCII, spaces at the ends removed.</summary>
    Email,
}

/// <summary>全角/半角 conversion for machine-read values (numbers, codes, addresses of mail).</summary>
public static class Width
{
    /// <summary>
    /// The one width rule per kind of value (table in docs/japanese-fields.md). Names and free text are returned
    /// unchanged; numeric kinds get 全角 ASCII → ASCII, the ideographic space → space, every dash look-alike
    /// (‐ ‑ ‒ – — ― − ー ｰ －) → <c>-</c>, and the ends trimmed. No kind is NFKC-normalised as a whole.
    /// </summary>
    public static string NormalizeFor(FieldValueKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return kind switch
        {
            FieldValueKind.Text or FieldValueKind.Name => value,
            FieldValueKind.KanaReading => Kana.ToFullWidthKatakana(value),
            FieldValueKind.BankAccountHolder => BankAccount.ToZenginKana(value),
            FieldValueKind.Email => NarrowAsciiAndDigits(value).Trim(),
            FieldValueKind.Digits or FieldValueKind.PostalCode or FieldValueKind.Phone or FieldValueKind.CorporateNumber or FieldValueKind.BankCode => NarrowNumeric(value),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of value."),
        };
    }

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

    private static string NarrowNumeric(string value)
    {
        var narrow = NarrowAsciiAndDigits(value);
        var builder = new StringBuilder(narrow.Length);
        foreach (var c in narrow)
        {
            builder.Append(IsDash(c) ? '-' : c);
        }

        return builder.ToString().Trim();
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
