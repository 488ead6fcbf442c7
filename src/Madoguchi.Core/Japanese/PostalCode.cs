namespace Madoguchi.Core.Japanese;

/// <summary>郵便番号 (7 digits, written NNN-NNNN).</summary>
public static class PostalCode
{
    /// <summary>
    /// "NNN-NNNN" from seven digits with an optional hyphen after the third; 全角 digits, dash look-alikes,
    /// surrounding spaces and a leading 〒 are accepted. Anything else gives null.
    /// </summary>
    public static string? Normalize(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        var value = Width.NarrowAsciiAndDigits(s).Trim();
        if (value.StartsWith('〒'))
        {
            value = value[1..].TrimStart();
        }

        Span<char> digits = stackalloc char[7];
        var count = 0;
        var hyphens = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == 7)
                {
                    return null;
                }

                digits[count++] = c;
            }
            else if (Width.IsDash(c) && count == 3 && hyphens == 0)
            {
                hyphens++;
            }
            else
            {
                return null;
            }
        }

        return count == 7 ? $"{digits[..3]}-{digits[3..]}" : null;
    }
}
