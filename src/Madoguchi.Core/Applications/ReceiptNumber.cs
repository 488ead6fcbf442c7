using System.Text;

namespace Madoguchi.Core.Applications;

/// <summary>
/// 受付番号 shown to applicants, e.g. <c>7KQ2-M9XD-4</c>: eight random Crockford base32 symbols in two groups of
/// four and one check symbol. Crockford's alphabet (digits and A–Z without I, L, O, U) avoids letters that are
/// misread on the phone or in handwriting; 32⁸ ≈ 1.1 × 10¹² numbers make guessing another applicant's number
/// impractical when combined with rate limiting.
/// </summary>
/// <remarks>
/// The check symbol is Luhn mod N over the eight symbol values (N = 32), written with the same alphabet. Unlike
/// Crockford's own mod-37 check it needs no extra symbols (*, ~, $, =) that are awkward to read aloud or put in
/// a URL, and it still catches every single-symbol error and almost every swap of two neighbours.
/// </remarks>
public static class ReceiptNumber
{
    private const string _alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int _base = 32;

    /// <summary>Creates a number; <paramref name="nextInt"/>(32) must return 0–31 (pass a cryptographic source in production).</summary>
    public static string Create(Func<int, int> nextInt)
    {
        ArgumentNullException.ThrowIfNull(nextInt);
        Span<int> values = stackalloc int[8];
        for (var i = 0; i < values.Length; i++)
        {
            var value = nextInt(_base);
            if (value is < 0 or >= _base)
            {
                throw new ArgumentOutOfRangeException(nameof(nextInt), value, "The random source must return a value from 0 to 31.");
            }

            values[i] = value;
        }

        var builder = new StringBuilder(11);
        for (var i = 0; i < values.Length; i++)
        {
            if (i == 4)
            {
                builder.Append('-');
            }

            builder.Append(_alphabet[values[i]]);
        }

        builder.Append('-').Append(_alphabet[CheckValue(values)]);
        return builder.ToString();
    }

    /// <summary>True for <c>XXXX-XXXX-C</c> in the alphabet (either case) whose check symbol matches.</summary>
    public static bool IsWellFormed(string? s)
    {
        if (s is not { Length: 11 } || s[4] != '-' || s[9] != '-')
        {
            return false;
        }

        Span<int> values = stackalloc int[8];
        var index = 0;
        foreach (var position in (ReadOnlySpan<int>)[0, 1, 2, 3, 5, 6, 7, 8])
        {
            var value = ValueOf(s[position]);
            if (value < 0)
            {
                return false;
            }

            values[index++] = value;
        }

        var check = ValueOf(s[10]);
        return check >= 0 && check == CheckValue(values);
    }

    private static int ValueOf(char c) => _alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);

    /// <summary>Luhn mod N: from the rightmost symbol, double every other value, fold it back into base N and sum.</summary>
    private static int CheckValue(ReadOnlySpan<int> values)
    {
        var factor = 2;
        var sum = 0;
        for (var i = values.Length - 1; i >= 0; i--)
        {
            var addend = factor * values[i];
            sum += (addend / _base) + (addend % _base);
            factor = factor == 2 ? 1 : 2;
        }

        return (_base - (sum % _base)) % _base;
    }
}
