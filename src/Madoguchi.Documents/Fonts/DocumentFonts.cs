using System.Buffers.Binary;
using PdfSharp.Fonts;

namespace Madoguchi.Documents.Fonts;

/// <summary>
/// The shipped Japanese font (IPAex Mincho, IPA Font License v1.0) served to PDFsharp from the assembly, so
/// documents render the same on a machine with no fonts installed. Every family name resolves to it.
/// </summary>
public sealed class DocumentFonts : IFontResolver
{
    public const string FamilyName = "IPAexMincho";
    private const string FaceName = "ipaexm";
    private static readonly Lazy<byte[]> _fontBytes = new(LoadFont);
    private static readonly Lock _gate = new();
    private static bool _installed;

    /// <summary>The raw TrueType file of the shipped font.</summary>
    public static byte[] FontBytes => _fontBytes.Value;

    /// <summary>Installs this resolver into PDFsharp once per process (PDFsharp's font settings are global).</summary>
    public static void EnsureInstalled()
    {
        lock (_gate)
        {
            if (_installed)
            {
                return;
            }

            if (GlobalFontSettings.FontResolver is not DocumentFonts)
            {
                GlobalFontSettings.FontResolver = new DocumentFonts();
            }

            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(FaceName);

    public byte[]? GetFont(string faceName) => FontBytes;

    private static byte[] LoadFont()
    {
        using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream("Madoguchi.Documents.Fonts.ipaexm.ttf")
            ?? throw new InvalidOperationException("The embedded font Madoguchi.Documents.Fonts.ipaexm.ttf is missing.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}

/// <summary>Glyph ids of the shipped font from its cmap (format 4 and 12), for drawing text in signature appearances.</summary>
internal static class GlyphMap
{
    private static readonly Lazy<Dictionary<int, ushort>> _map = new(() => Parse(DocumentFonts.FontBytes));

    public static bool TryGetGlyph(int codePoint, out ushort glyph) => _map.Value.TryGetValue(codePoint, out glyph);

    private static Dictionary<int, ushort> Parse(byte[] font)
    {
        var span = font.AsSpan();
        int numTables = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
        var cmapOffset = -1;
        for (var i = 0; i < numTables; i++)
        {
            var record = span[(12 + (16 * i))..];
            if (record[0] == 'c' && record[1] == 'm' && record[2] == 'a' && record[3] == 'p')
            {
                cmapOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            }
        }

        var map = new Dictionary<int, ushort>();
        if (cmapOffset < 0)
        {
            return map;
        }

        var cmap = span[cmapOffset..];
        int subtables = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        for (var i = 0; i < subtables; i++)
        {
            var rec = cmap[(4 + (8 * i))..];
            int platform = BinaryPrimitives.ReadUInt16BigEndian(rec);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(rec[4..]);
            var sub = cmap[offset..];
            int format = BinaryPrimitives.ReadUInt16BigEndian(sub);
            if (platform != 3 && platform != 0)
            {
                continue;
            }

            if (format == 4)
            {
                int segX2 = BinaryPrimitives.ReadUInt16BigEndian(sub[6..]);
                var ends = sub[14..];
                var starts = sub[(16 + segX2)..];
                var deltas = sub[(16 + (2 * segX2))..];
                var rangeOffsets = sub[(16 + (3 * segX2))..];
                for (var s = 0; s < segX2 / 2; s++)
                {
                    int end = BinaryPrimitives.ReadUInt16BigEndian(ends[(2 * s)..]);
                    int start = BinaryPrimitives.ReadUInt16BigEndian(starts[(2 * s)..]);
                    var delta = BinaryPrimitives.ReadInt16BigEndian(deltas[(2 * s)..]);
                    int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(rangeOffsets[(2 * s)..]);
                    for (var c = start; c <= end && c != 0xFFFF; c++)
                    {
                        int glyph;
                        if (rangeOffset == 0)
                        {
                            glyph = (c + delta) & 0xFFFF;
                        }
                        else
                        {
                            var at = (16 + (3 * segX2) + (2 * s)) + rangeOffset + (2 * (c - start));
                            glyph = BinaryPrimitives.ReadUInt16BigEndian(sub[at..]);
                            if (glyph != 0)
                            {
                                glyph = (glyph + delta) & 0xFFFF;
                            }
                        }

                        if (glyph != 0)
                        {
                            map.TryAdd(c, (ushort)glyph);
                        }
                    }
                }
            }
            else if (format == 12)
            {
                var groups = (int)BinaryPrimitives.ReadUInt32BigEndian(sub[12..]);
                for (var g = 0; g < groups; g++)
                {
                    var group = sub[(16 + (12 * g))..];
                    var start = (int)BinaryPrimitives.ReadUInt32BigEndian(group);
                    var end = (int)BinaryPrimitives.ReadUInt32BigEndian(group[4..]);
                    var first = (int)BinaryPrimitives.ReadUInt32BigEndian(group[8..]);
                    for (var c = start; c <= end; c++)
                    {
                        map[c] = (ushort)(first + (c - start));
                    }
                }
            }
        }

        return map;
    }
}
