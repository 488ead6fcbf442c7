using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Madoguchi.Core.Search;

/// <summary>
/// One normal form for the staff inbox's full-text search, applied to the stored text and to what staff type, so that
/// a substring match finds 「ヤマダ」 from 「やまだ」, 「ｙａｍａｄａ」 from 「Yamada」 and 「R7-0001-2345」 from 「r7 0001 2345」.
/// </summary>
public static class SearchText
{
    /// <summary>At most this many characters are kept for one application (receipt number, name and answers).</summary>
    public const int MaxLength = 1000;

    /// <summary>Answers longer than this (free-text descriptions) are left out: search is for names, numbers and short values.</summary>
    public const int MaxValueLength = 200;

    /// <summary>Separates the values in the stored text; <see cref="Normalize"/> never produces it, so a query cannot span two values.</summary>
    public const char Separator = '\u001F';

    /// <summary>
    /// NFKC (全角英数 → 半角, 半角カナ → 全角), case folding, ひらがな → カタカナ, and every space and hyphen-like dash
    /// removed (so numbers match however they were grouped, and 「山田 太郎」 matches 「山田太郎」). Control characters
    /// are dropped. The prolonged sound mark ー is kept: it is part of a word, not a separator.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var nfkc = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(nfkc.Length);
        foreach (var c in nfkc)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || IsDash(c))
            {
                continue;
            }

            builder.Append(c switch
            {
                >= '\u3041' and <= '\u3096' => (char)(c + 0x60), // ぁ..ゖ → ァ..ヶ
                '\u309D' or '\u309E' => (char)(c + 0x60),        // ゝゞ → ヽヾ
                _ => char.ToLowerInvariant(c),
            });
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The stored search text of an application: its receipt number, the applicant's name and the short string values
    /// of its answers (including the parts of names and addresses and repeat rows), each normalized, capped at
    /// <see cref="MaxLength"/> characters. Stored-file ids are skipped.
    /// </summary>
    public static string Build(string receiptNumber, string? applicantName, JsonObject? answers)
    {
        var builder = new StringBuilder(256);
        Append(builder, receiptNumber);
        Append(builder, applicantName);
        if (answers is not null)
        {
            foreach (var (_, value) in answers)
            {
                AppendNode(builder, value, depth: 0);
                if (builder.Length >= MaxLength)
                {
                    break;
                }
            }
        }

        return builder.Length > MaxLength ? builder.ToString(0, MaxLength) : builder.ToString();
    }

    private static void AppendNode(StringBuilder builder, JsonNode? node, int depth)
    {
        if (node is null || depth > 3 || builder.Length >= MaxLength)
        {
            return;
        }

        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                if (text.Length <= MaxValueLength && !Guid.TryParse(text, out _))
                {
                    Append(builder, text);
                }

                break;
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    AppendNode(builder, child, depth + 1);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    AppendNode(builder, child, depth + 1);
                }

                break;
            default:
                break;
        }
    }

    private static void Append(StringBuilder builder, string? text)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return;
        }

        if (builder.Length > 0)
        {
            builder.Append(Separator);
        }

        builder.Append(normalized);
    }

    private static bool IsDash(char c) =>
        c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE63' or '\uFF0D'
        || (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation && c != '\u301C' && c != '\u30A0');
}
