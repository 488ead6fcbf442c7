using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Madoguchi.Documents.Signing;

/// <summary>
/// Turns page 1 of a small PDF written by PDFsharp (a seal with its font subset or image) into a form XObject
/// plus the objects it needs, renumbered for appending to another file. This lets a signature's appearance carry
/// its own fonts and images, so the signed document's existing objects are never touched.
/// </summary>
internal static partial class FormXObjectCopier
{
    [GeneratedRegex(@"(\d+)\s+(\d+)\s+R\b")]
    private static partial Regex ReferencePattern();

    /// <summary>Objects to append (number, body as Latin-1 text) and the number of the form XObject.</summary>
    public static (List<(int Number, string Body)> Objects, int FormNumber, int Next) Copy(byte[] source, int firstNumber, double width, double height)
    {
        var file = new PdfFile(source);
        var catalog = file.ReadDict(PdfFile.RefNumber(file.Trailer.Get("Root")!));
        var pages = file.ReadDict(PdfFile.RefNumber(catalog.Get("Pages")!));
        var pageNumber = PdfFile.RefNumber(PdfDict.ArrayItems(pages.Get("Kids")!)[0]);
        var page = file.ReadDict(pageNumber);

        var contentRefs = page.Get("Contents") is { } c
            ? (c.StartsWith('[') ? PdfDict.ArrayItems(c) : [c])
            : [];
        var content = new MemoryStream();
        foreach (var reference in contentRefs)
        {
            var (dict, data) = ReadRaw(file, PdfFile.RefNumber(reference));
            var bytes = dict.Contains("/FlateDecode", StringComparison.Ordinal) ? Inflate(data!) : data!;
            content.Write(bytes);
            content.WriteByte((byte)'\n');
        }

        var resources = page.Get("Resources") ?? "<<>>";
        var map = new Dictionary<int, int>();
        var next = firstNumber;
        var formNumber = next++;
        var queue = new Queue<int>();
        void Collect(string text)
        {
            foreach (Match m in ReferencePattern().Matches(text))
            {
                var number = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!map.ContainsKey(number))
                {
                    map[number] = next++;
                    queue.Enqueue(number);
                }
            }
        }

        Collect(resources);
        var objects = new List<(int Number, string Body)>();
        while (queue.Count > 0)
        {
            var number = queue.Dequeue();
            var (dict, data) = ReadRaw(file, number);
            Collect(dict);
            var body = Renumber(dict, map);
            if (data is not null)
            {
                body += "\nstream\n" + Encoding.Latin1.GetString(data) + "\nendstream";
            }

            objects.Add((map[number], body));
        }

        var compressed = Deflate(content.ToArray());
        var form = string.Create(CultureInfo.InvariantCulture,
            $"<</Type/XObject/Subtype/Form/BBox[0 0 {width:0.###} {height:0.###}]/Resources{Renumber(resources, map)}/Filter/FlateDecode/Length {compressed.Length}>>\nstream\n")
            + Encoding.Latin1.GetString(compressed) + "\nendstream";
        objects.Insert(0, (formNumber, form));
        return (objects, formNumber, next);
    }

    private static string Renumber(string text, Dictionary<int, int> map) =>
        ReferencePattern().Replace(text, m => $"{map[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)]} 0 R");

    /// <summary>An object's dictionary text and, for a stream, its raw (still encoded) data.</summary>
    private static (string Dict, byte[]? Data) ReadRaw(PdfFile file, int number)
    {
        var offset = (int)file.Offsets[number];
        var text = PdfFile.Latin1(file.Bytes.AsSpan(offset, Math.Min(file.Bytes.Length - offset, 1 << 16)));
        var pos = text.IndexOf("obj", StringComparison.Ordinal) + 3;
        var start = pos;
        var dict = PdfDict.Parse(text, ref pos);
        var dictText = text[start..pos].Trim();
        var rest = text[pos..];
        var trimmed = rest.TrimStart(' ', '\r', '\n');
        if (!trimmed.StartsWith("stream", StringComparison.Ordinal))
        {
            return (dictText, null);
        }

        var streamAt = pos + (rest.Length - trimmed.Length) + "stream".Length;
        if (text[streamAt] == '\r')
        {
            streamAt++;
        }

        if (text[streamAt] == '\n')
        {
            streamAt++;
        }

        var length = int.Parse(dict.Get("Length") ?? throw new FormatException("A stream without /Length."), CultureInfo.InvariantCulture);
        return (dictText, file.Bytes.AsSpan(offset + streamAt, length).ToArray());
    }

    private static byte[] Inflate(byte[] data)
    {
        using var input = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(data);
        }

        return output.ToArray();
    }
}
