using System.Text.RegularExpressions;

namespace Madoguchi.Core.Import;

/// <summary>
/// Maps ODK language names ("Japanese (ja)", "English (en)", "日本語", "default") to keys: the code in parentheses
/// when there is one, else a known name, else the name itself in lower case.
/// </summary>
internal static partial class FormLanguages
{
    /// <summary>Text written without a language (a plain label column, a translation called "default").</summary>
    public const string Undetermined = "";

    public static string KeyOf(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Undetermined;
        }

        var trimmed = name.Trim();
        if (CodeInParentheses().Match(trimmed) is { Success: true } match)
        {
            var code = match.Groups[1].Value.ToLowerInvariant();
            var dash = code.IndexOfAny(['-', '_']);
            return dash > 0 ? code[..dash] : code;
        }

        return trimmed.ToLowerInvariant() switch
        {
            "default" => Undetermined,
            "ja" or "jpn" or "japanese" or "日本語" or "nihongo" => "ja",
            "en" or "eng" or "english" or "英語" => "en",
            var other => other,
        };
    }

    [GeneratedRegex(@"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\s*\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeInParentheses();
}
