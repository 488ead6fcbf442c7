using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Madoguchi.Core.Japanese;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Documents.Templates;

/// <summary>A problem in a template: where (e.g. <c>blocks[2].text</c>) and what, in Japanese and English.</summary>
public sealed record TemplateProblem(string Path, LocalizedText Message);

/// <summary>The template had problems; nothing was rendered.</summary>
public sealed class TemplateException(IReadOnlyList<TemplateProblem> problems)
    : Exception("The template has problems: " + string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message.En}")))
{
    public IReadOnlyList<TemplateProblem> Problems { get; } = problems;
}

/// <summary>
/// Substitutes <c>{{name}}</c> and <c>{{name|filter}}</c> as plain text. Filters: <c>yen</c> (「1,234,567円」),
/// <c>wareki</c> (an ISO date as 「令和8年4月1日」), <c>date</c> (an ISO date as 「2026年4月1日」).
/// </summary>
public static partial class Placeholders
{
    [GeneratedRegex(@"\{\{\s*([^{}|\s]+)\s*(?:\|\s*([a-z]+)\s*)?\}\}")]
    private static partial Regex PlaceholderPattern();

    public static string Substitute(string text, IReadOnlyDictionary<string, string> values, string path, List<TemplateProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(problems);
        var result = PlaceholderPattern().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            var filter = match.Groups[2].Success ? match.Groups[2].Value : null;
            if (!values.TryGetValue(name, out var value))
            {
                problems.Add(new TemplateProblem(path, new LocalizedText(
                    $"差し込み項目「{name}」はありません。",
                    $"Unknown placeholder '{name}'.")));
                return "";
            }

            return filter switch
            {
                null => value,
                "yen" => FormatYen(value, path, problems),
                "wareki" => FormatDate(value, path, problems, d => Wareki.Format(d)),
                "date" => FormatDate(value, path, problems, d => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)),
                _ => Unknown(filter, path, problems),
            };
        });
        if (result.Contains("{{", StringComparison.Ordinal) || result.Contains("}}", StringComparison.Ordinal))
        {
            problems.Add(new TemplateProblem(path, new LocalizedText(
                "差し込み項目の書き方が正しくありません（{{名前}} の形で書いてください）。",
                "A placeholder is malformed (write it as {{name}}).")));
        }

        return result;
    }

    /// <summary>「1,234,567円」 from an integer amount (half- or full-width digits, commas allowed).</summary>
    public static string Yen(long amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + "円";

    private static string FormatYen(string value, string path, List<TemplateProblem> problems)
    {
        var normalized = new StringBuilder();
        foreach (var c in value.Normalize(NormalizationForm.FormKC))
        {
            if (c != ',' && c != '円' && !char.IsWhiteSpace(c))
            {
                normalized.Append(c);
            }
        }

        if (long.TryParse(normalized.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            return Yen(amount);
        }

        problems.Add(new TemplateProblem(path, new LocalizedText(
            $"「{value}」は金額として読めません。", $"'{value}' is not an amount in yen.")));
        return value;
    }

    private static string FormatDate(string value, string path, List<TemplateProblem> problems, Func<DateOnly, string> format)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return format(date);
        }

        problems.Add(new TemplateProblem(path, new LocalizedText(
            $"「{value}」は日付（YYYY-MM-DD）として読めません。", $"'{value}' is not a date (YYYY-MM-DD).")));
        return value;
    }

    private static string Unknown(string filter, string path, List<TemplateProblem> problems)
    {
        problems.Add(new TemplateProblem(path, new LocalizedText(
            $"書式「{filter}」はありません（yen・wareki・date が使えます）。",
            $"Unknown format '{filter}' (use yen, wareki or date).")));
        return "";
    }
}
