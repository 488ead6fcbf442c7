using System.Text;

namespace Madoguchi.Core.Japanese;

/// <summary>法人番号: 13 digits whose first digit checks the other twelve (財務省令第70号 第2条).</summary>
public static class CorporateNumber
{
    /// <summary>True when the value is exactly 13 ASCII digits and its first digit is the check digit of the rest.</summary>
    public static bool IsValid(string? thirteenDigits)
    {
        if (thirteenDigits is not { Length: 13 } || !thirteenDigits.All(char.IsAsciiDigit))
        {
            return false;
        }

        return thirteenDigits[0] - '0' == ComputeCheckDigit(thirteenDigits[1..]);
    }

    /// <summary>
    /// 9 − (Σ Pn×Qn mod 9) over the 12-digit base, where Pn is the n-th digit counted from the right and Qn is
    /// 1 for odd n, 2 for even n. The result is always 1–9.
    /// </summary>
    /// <exception cref="ArgumentException">The base is not exactly 12 ASCII digits.</exception>
    public static int ComputeCheckDigit(string twelveDigitBase)
    {
        ArgumentNullException.ThrowIfNull(twelveDigitBase);
        if (twelveDigitBase.Length != 12 || !twelveDigitBase.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The base number must be exactly 12 ASCII digits.", nameof(twelveDigitBase));
        }

        var sum = 0;
        for (var n = 1; n <= 12; n++)
        {
            var digit = twelveDigitBase[12 - n] - '0';
            sum += digit * (n % 2 == 1 ? 1 : 2);
        }

        return 9 - (sum % 9);
    }

    /// <summary>
    /// 13 ASCII digits from what an applicant typed (全角 digits, spaces and hyphens allowed), or null.
    /// Does not check the check digit, so callers can tell "not a number" from "mistyped number".
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var builder = new StringBuilder(13);
        foreach (var c in Width.NarrowAsciiAndDigits(input))
        {
            if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
            else if (!char.IsWhiteSpace(c) && !Width.IsDash(c))
            {
                return null;
            }
        }

        return builder.Length == 13 ? builder.ToString() : null;
    }
}
