namespace Madoguchi.Core.Japanese;

/// <summary>
/// A pragmatic e-mail check: catches the typos people make on forms without rejecting real addresses.
/// Full RFC 5322 syntax (quoted local parts, comments) is deliberately refused because mail servers and
/// staff tools mishandle it, and no citizen needs it.
/// </summary>
public static class EmailAddress
{
    private const string _forbidden = "<>()[]\\,;:\"";

    public static bool IsValid(string? s)
    {
        if (string.IsNullOrEmpty(s) || s.Length > 254)
        {
            return false;
        }

        var at = s.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != s.LastIndexOf('@') || at > 64)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || _forbidden.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        var local = s[..at];
        var domain = s[(at + 1)..];
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        var labels = domain.Split('.');
        if (labels.Length < 2)
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label.StartsWith('-') || label.EndsWith('-'))
            {
                return false;
            }
        }

        var topLevel = labels[^1];
        return topLevel.Length >= 2 && !topLevel.All(char.IsAsciiDigit);
    }
}
