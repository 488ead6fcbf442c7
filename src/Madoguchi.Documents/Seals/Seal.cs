using System.Globalization;

namespace Madoguchi.Documents.Seals;

public enum SealShape
{
    /// <summary>Round personal seal (認印).</summary>
    Round,

    /// <summary>Square organisation seal (角印 / 公印).</summary>
    Square,
}

/// <summary>One character of a seal: its centre and em size in millimetres from the seal box's top-left corner.</summary>
public sealed record SealGlyph(string Text, double CenterX, double CenterY, double FontSize);

/// <summary>
/// A generated seal as geometry, independent of the PDF writer: the border and each character in reading
/// order. Both the page renderer and the signature appearance draw from this.
/// </summary>
public sealed record SealLayout(SealShape Shape, double Size, double StrokeWidth, IReadOnlyList<SealGlyph> Glyphs)
{
    /// <summary>Seal red (朱色), close to #D7000F.</summary>
    public const byte Red = 0xD7, Green = 0x00, Blue = 0x0F;

    /// <summary>
    /// A round 認印 of <paramref name="size"/> mm with the family name written top to bottom. One to four characters
    /// fit; a longer name keeps its first four.
    /// </summary>
    public static SealLayout Personal(string familyName, double size = 15)
    {
        var chars = Characters(familyName);
        if (chars.Count == 0)
        {
            throw new ArgumentException("A seal needs at least one character.", nameof(familyName));
        }

        if (chars.Count > 4)
        {
            chars = chars.Take(4).ToList();
        }

        var stroke = size * 0.06;
        var inner = size - (2 * stroke);
        var em = Math.Min(inner * 0.62, inner * 0.84 / chars.Count);
        var total = em * chars.Count;
        var top = (size - total) / 2;
        var glyphs = chars.Select((c, i) => new SealGlyph(c, size / 2, top + (em * (i + 0.5)), em)).ToList();
        return new SealLayout(SealShape.Round, size, stroke, glyphs);
    }

    /// <summary>
    /// A square 角印 of <paramref name="size"/> mm: the text (「之印」 is appended unless it already ends with 印) in a
    /// grid read top to bottom, columns right to left, e.g. 「金沢市長之印」 as 金沢市 | 長之印.
    /// </summary>
    public static SealLayout Official(string organisationAndOffice, double size = 24)
    {
        var text = organisationAndOffice.Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException("A seal needs at least one character.", nameof(organisationAndOffice));
        }

        if (!text.EndsWith('印'))
        {
            text += "之印";
        }

        var chars = Characters(text);
        var rows = (int)Math.Ceiling(Math.Sqrt(chars.Count));
        var columns = (int)Math.Ceiling(chars.Count / (double)rows);
        var stroke = size * 0.045;
        var inner = size - (4 * stroke);
        var cellW = inner / columns;
        var cellH = inner / rows;
        var em = Math.Min(cellW, cellH) * 0.92;
        var glyphs = new List<SealGlyph>();
        for (var i = 0; i < chars.Count; i++)
        {
            var column = i / rows;
            var row = i % rows;
            var x = (2 * stroke) + (cellW * (columns - column - 0.5));
            var y = (2 * stroke) + (cellH * (row + 0.5));
            glyphs.Add(new SealGlyph(chars[i], x, y, em));
        }

        return new SealLayout(SealShape.Square, size, stroke, glyphs);
    }

    /// <summary>Text elements (so a surrogate pair such as 𠮷 stays one character).</summary>
    private static List<string> Characters(string text)
    {
        var list = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(text.Trim());
        while (e.MoveNext())
        {
            var element = (string)e.Current;
            if (!string.IsNullOrWhiteSpace(element))
            {
                list.Add(element);
            }
        }

        return list;
    }
}

/// <summary>A seal to draw: generated (<see cref="Layout"/>) or an uploaded PNG with transparency (<see cref="Png"/>).</summary>
public sealed record SealImage
{
    public SealLayout? Layout { get; init; }
    public byte[]? Png { get; init; }

    public static SealImage Generated(SealLayout layout) => new() { Layout = layout };

    public static SealImage Uploaded(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new ArgumentException("An uploaded seal must be a PNG image.", nameof(png));
        }

        return new SealImage { Png = png };
    }
}
