using System.Globalization;
using System.Text;

namespace Madoguchi.Documents.Signing;

/// <summary>
/// Just enough PDF syntax to append incremental updates to files with classic cross-reference tables (as PDFsharp
/// and this module write them): the xref chain, the trailer, and dictionaries kept as raw value text.
/// </summary>
internal sealed class PdfFile
{
    public byte[] Bytes { get; }
    public Dictionary<int, long> Offsets { get; } = [];
    public PdfDict Trailer { get; }
    public long StartXref { get; }

    public PdfFile(byte[] bytes)
    {
        Bytes = bytes;
        StartXref = FindStartXref(bytes);
        var xref = StartXref;
        PdfDict? newest = null;
        var seen = new HashSet<long>();
        while (xref >= 0 && seen.Add(xref))
        {
            var trailer = ReadXrefSection(xref);
            newest ??= trailer;
            xref = trailer.TryGet("Prev", out var prev) ? long.Parse(prev, CultureInfo.InvariantCulture) : -1;
        }

        Trailer = newest ?? throw new FormatException("No trailer.");
    }

    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static long FindStartXref(byte[] bytes)
    {
        var tail = Latin1(bytes.AsSpan(Math.Max(0, bytes.Length - 1024)));
        var at = tail.LastIndexOf("startxref", StringComparison.Ordinal);
        if (at < 0)
        {
            throw new FormatException("This is not a PDF file (no startxref).");
        }

        var number = tail[(at + 9)..].Trim().Split('\n', '\r')[0].Trim();
        return long.Parse(number, CultureInfo.InvariantCulture);
    }

    private PdfDict ReadXrefSection(long offset)
    {
        var text = Latin1(Bytes.AsSpan((int)offset, (int)Math.Min(Bytes.Length - offset, 1 << 20)));
        if (!text.StartsWith("xref", StringComparison.Ordinal))
        {
            throw new NotSupportedException("Only PDF files with classic cross-reference tables can be signed incrementally.");
        }

        var trailerAt = text.IndexOf("trailer", StringComparison.Ordinal);
        var lines = text[4..trailerAt].Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var i = 0;
        while (i < lines.Length)
        {
            var head = lines[i].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            i++;
            if (head.Length != 2)
            {
                continue;
            }

            var first = int.Parse(head[0], CultureInfo.InvariantCulture);
            var count = int.Parse(head[1], CultureInfo.InvariantCulture);
            for (var n = 0; n < count; n++, i++)
            {
                var entry = lines[i].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (entry[2] == "n")
                {
                    Offsets.TryAdd(first + n, long.Parse(entry[0], CultureInfo.InvariantCulture));
                }
            }
        }

        var dictStart = trailerAt + 7;
        return PdfDict.Parse(text, ref dictStart);
    }

    /// <summary>The dictionary of object <paramref name="number"/> (objects without a stream).</summary>
    public PdfDict ReadDict(int number)
    {
        if (!Offsets.TryGetValue(number, out var offset))
        {
            throw new FormatException($"Object {number} is not in the cross-reference table.");
        }

        var text = Latin1(Bytes.AsSpan((int)offset, (int)Math.Min(Bytes.Length - offset, 1 << 16)));
        var at = text.IndexOf("obj", StringComparison.Ordinal) + 3;
        return PdfDict.Parse(text, ref at);
    }

    public static int RefNumber(string reference)
    {
        var parts = reference.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[2] != "R")
        {
            throw new FormatException($"'{reference}' is not an indirect reference.");
        }

        return int.Parse(parts[0], CultureInfo.InvariantCulture);
    }
}

/// <summary>A PDF dictionary as ordered key → raw value text (values are not interpreted).</summary>
internal sealed class PdfDict
{
    public List<KeyValuePair<string, string>> Entries { get; } = [];

    public bool TryGet(string key, out string value)
    {
        foreach (var (k, v) in Entries)
        {
            if (k == key)
            {
                value = v;
                return true;
            }
        }

        value = "";
        return false;
    }

    public string? Get(string key) => TryGet(key, out var v) ? v : null;

    public void Set(string key, string value)
    {
        var i = Entries.FindIndex(e => e.Key == key);
        if (i >= 0)
        {
            Entries[i] = new(key, value);
        }
        else
        {
            Entries.Add(new(key, value));
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder("<<");
        foreach (var (k, v) in Entries)
        {
            sb.Append('/').Append(k).Append(' ').Append(v).Append(' ');
        }

        return sb.Append(">>").ToString();
    }

    public static PdfDict Parse(string text, ref int pos)
    {
        SkipSpace(text, ref pos);
        if (string.CompareOrdinal(text, pos, "<<", 0, 2) != 0)
        {
            throw new FormatException("Expected a dictionary.");
        }

        pos += 2;
        var dict = new PdfDict();
        while (true)
        {
            SkipSpace(text, ref pos);
            if (string.CompareOrdinal(text, pos, ">>", 0, 2) == 0)
            {
                pos += 2;
                return dict;
            }

            if (text[pos] != '/')
            {
                throw new FormatException($"Expected a name at {pos}.");
            }

            var key = ReadName(text, ref pos)[1..];
            SkipSpace(text, ref pos);
            var start = pos;
            SkipValue(text, ref pos);
            var value = text[start..pos].Trim();

            // An indirect reference "n g R" is three tokens.
            var save = pos;
            SkipSpace(text, ref pos);
            if (IsInteger(value) && pos < text.Length && char.IsDigit(text[pos]))
            {
                var genStart = pos;
                SkipValue(text, ref pos);
                var gen = text[genStart..pos];
                SkipSpace(text, ref pos);
                if (IsInteger(gen) && pos < text.Length && text[pos] == 'R')
                {
                    pos++;
                    value = $"{value} {gen} R";
                }
                else
                {
                    pos = save;
                }
            }
            else
            {
                pos = save;
            }

            dict.Entries.Add(new(key, value));
        }
    }

    /// <summary>Items of an array value (references kept together as "n g R").</summary>
    public static List<string> ArrayItems(string array)
    {
        var items = new List<string>();
        var text = array.Trim();
        if (!text.StartsWith('[') || !text.EndsWith(']'))
        {
            throw new FormatException("Expected an array.");
        }

        var tokens = new List<string>();
        var pos = 1;
        while (true)
        {
            SkipSpace(text, ref pos);
            if (text[pos] == ']')
            {
                break;
            }

            var start = pos;
            SkipValue(text, ref pos);
            tokens.Add(text[start..pos]);
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            if (i + 2 < tokens.Count && IsInteger(tokens[i]) && IsInteger(tokens[i + 1]) && tokens[i + 2] == "R")
            {
                items.Add($"{tokens[i]} {tokens[i + 1]} R");
                i += 2;
            }
            else
            {
                items.Add(tokens[i]);
            }
        }

        return items;
    }

    private static bool IsInteger(string s) => s.Length > 0 && s.All(char.IsDigit);

    private static bool IsDelimiter(char c) => c is '(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '/' or '%';

    private static void SkipSpace(string text, ref int pos)
    {
        while (pos < text.Length)
        {
            if (char.IsWhiteSpace(text[pos]) || text[pos] == '\0')
            {
                pos++;
            }
            else if (text[pos] == '%')
            {
                while (pos < text.Length && text[pos] != '\n' && text[pos] != '\r')
                {
                    pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private static string ReadName(string text, ref int pos)
    {
        var start = pos;
        pos++;
        while (pos < text.Length && !char.IsWhiteSpace(text[pos]) && !IsDelimiter(text[pos]))
        {
            pos++;
        }

        return text[start..pos];
    }

    private static void SkipValue(string text, ref int pos)
    {
        var c = text[pos];
        switch (c)
        {
            case '/':
                ReadName(text, ref pos);
                return;
            case '(':
                var depth = 0;
                for (; pos < text.Length; pos++)
                {
                    if (text[pos] == '\\')
                    {
                        pos++;
                    }
                    else if (text[pos] == '(')
                    {
                        depth++;
                    }
                    else if (text[pos] == ')' && --depth == 0)
                    {
                        pos++;
                        return;
                    }
                }

                throw new FormatException("Unterminated string.");
            case '<' when pos + 1 < text.Length && text[pos + 1] == '<':
                Parse(text, ref pos);
                return;
            case '<':
                pos = text.IndexOf('>', pos) + 1;
                return;
            case '[':
                pos++;
                while (true)
                {
                    SkipSpace(text, ref pos);
                    if (text[pos] == ']')
                    {
                        pos++;
                        return;
                    }

                    SkipValue(text, ref pos);
                }

            default:
                while (pos < text.Length && !char.IsWhiteSpace(text[pos]) && !IsDelimiter(text[pos]))
                {
                    pos++;
                }

                return;
        }
    }
}
