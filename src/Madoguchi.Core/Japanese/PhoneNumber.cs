using System.Text;

namespace Madoguchi.Core.Japanese;

/// <summary>Japanese telephone numbers in domestic form (0 + 9 or 10 digits).</summary>
public static class PhoneNumber
{
    /// <summary>
    /// The number with 半角 digits, keeping the grouping the applicant typed (spaces, parentheses and any dash
    /// become "-"; none typed gives none), or null. "+81" is converted to the domestic 0 prefix, dropping a
    /// "(0)" trunk digit if written. The result must have 10–11 digits and start with a single 0.
    /// </summary>
    public static string? Normalize(string? s)
    {
        if (string.IsNullOrWhiteSpace(s) || s.Length > 40)
        {
            return null;
        }

        var value = Width.NarrowAsciiAndDigits(s).Trim();
        var international = value.StartsWith('+');
        if (international)
        {
            value = value[1..];
        }

        var groups = new List<string>();
        var current = new StringBuilder();
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                current.Append(c);
            }
            else if (Width.IsDash(c) || c is ' ' or '(' or ')')
            {
                if (current.Length > 0)
                {
                    groups.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                return null;
            }
        }

        if (current.Length > 0)
        {
            groups.Add(current.ToString());
        }

        if (groups.Count == 0)
        {
            return null;
        }

        if (international)
        {
            if (!groups[0].StartsWith("81", StringComparison.Ordinal))
            {
                return null;
            }

            groups[0] = groups[0][2..];
            if (groups[0].Length == 0)
            {
                groups.RemoveAt(0);
            }

            if (groups.Count > 0 && groups[0] == "0")
            {
                groups.RemoveAt(0);
            }

            if (groups.Count == 0 || groups[0].StartsWith('0'))
            {
                return null;
            }

            groups[0] = "0" + groups[0];
        }

        var digits = groups.Sum(g => g.Length);
        if (digits is < 10 or > 11 || !groups[0].StartsWith('0') || groups[0].StartsWith("00", StringComparison.Ordinal))
        {
            return null;
        }

        return string.Join('-', groups);
    }
}
