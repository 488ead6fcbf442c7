using System.Buffers.Binary;

namespace Madoguchi.Documents.Fonts;

/// <summary>A closed contour of a glyph outline in em units (y up, baseline at 0): a start point and cubic segments.</summary>
internal sealed record GlyphContour((double X, double Y) Start, IReadOnlyList<((double X, double Y) C1, (double X, double Y) C2, (double X, double Y) End)> Segments);

/// <summary>
/// Outlines of the shipped TrueType font, read from its cmap, loca and glyf tables, so seals are drawn as vector
/// paths (no text in the page's text layer, no font needed in a signature appearance).
/// </summary>
internal static class GlyphOutlines
{
    private sealed record FontTables(int UnitsPerEm, bool LongLoca, int Loca, int Glyf, int Hmtx, int NumberOfHMetrics, Dictionary<int, ushort> Cmap);

    private static readonly Lazy<FontTables> _tables = new(() => Load(DocumentFonts.FontBytes));

    /// <summary>The outline of a character scaled to 1 em, and its advance width in ems; null when the font lacks it.</summary>
    public static (IReadOnlyList<GlyphContour> Contours, double Advance)? For(int codePoint)
    {
        var t = _tables.Value;
        if (!t.Cmap.TryGetValue(codePoint, out var glyph))
        {
            return null;
        }

        var contours = new List<GlyphContour>();
        AddGlyph(DocumentFonts.FontBytes, t, glyph, 1, 0, 0, 1, 0, 0, contours, 0);
        var font = DocumentFonts.FontBytes.AsSpan();
        var metric = Math.Min(glyph, (ushort)(t.NumberOfHMetrics - 1));
        double advance = BinaryPrimitives.ReadUInt16BigEndian(font[(t.Hmtx + (4 * metric))..]);
        return (contours, advance / t.UnitsPerEm);
    }

    private static void AddGlyph(byte[] bytes, FontTables t, int glyph, double a, double b, double c, double d, double dx, double dy, List<GlyphContour> output, int depth)
    {
        var font = bytes.AsSpan();
        int start, end;
        if (t.LongLoca)
        {
            start = (int)BinaryPrimitives.ReadUInt32BigEndian(font[(t.Loca + (4 * glyph))..]);
            end = (int)BinaryPrimitives.ReadUInt32BigEndian(font[(t.Loca + (4 * (glyph + 1)))..]);
        }
        else
        {
            start = 2 * BinaryPrimitives.ReadUInt16BigEndian(font[(t.Loca + (2 * glyph))..]);
            end = 2 * BinaryPrimitives.ReadUInt16BigEndian(font[(t.Loca + (2 * (glyph + 1)))..]);
        }

        if (end <= start || depth > 4)
        {
            return;
        }

        var g = font[(t.Glyf + start)..];
        int contourCount = BinaryPrimitives.ReadInt16BigEndian(g);
        var scale = 1.0 / t.UnitsPerEm;
        (double X, double Y) Map(double x, double y) => (((a * x) + (c * y) + dx) * scale, ((b * x) + (d * y) + dy) * scale);

        if (contourCount < 0)
        {
            var p = 10;
            while (true)
            {
                int flags = BinaryPrimitives.ReadUInt16BigEndian(g[p..]);
                int component = BinaryPrimitives.ReadUInt16BigEndian(g[(p + 2)..]);
                p += 4;
                double ox, oy;
                if ((flags & 1) != 0)
                {
                    ox = BinaryPrimitives.ReadInt16BigEndian(g[p..]);
                    oy = BinaryPrimitives.ReadInt16BigEndian(g[(p + 2)..]);
                    p += 4;
                }
                else
                {
                    ox = (sbyte)g[p];
                    oy = (sbyte)g[p + 1];
                    p += 2;
                }

                if ((flags & 2) == 0)
                {
                    ox = oy = 0; // point matching (rare) is treated as no offset
                }

                double ca = 1, cb = 0, cc = 0, cd = 1;
                if ((flags & 8) != 0)
                {
                    ca = cd = F2Dot14(g[p..]);
                    p += 2;
                }
                else if ((flags & 0x40) != 0)
                {
                    ca = F2Dot14(g[p..]);
                    cd = F2Dot14(g[(p + 2)..]);
                    p += 4;
                }
                else if ((flags & 0x80) != 0)
                {
                    ca = F2Dot14(g[p..]);
                    cb = F2Dot14(g[(p + 2)..]);
                    cc = F2Dot14(g[(p + 4)..]);
                    cd = F2Dot14(g[(p + 6)..]);
                    p += 8;
                }

                // Compose: component transform first, then the parent's.
                var na = (a * ca) + (c * cb);
                var nb = (b * ca) + (d * cb);
                var nc = (a * cc) + (c * cd);
                var nd = (b * cc) + (d * cd);
                var ndx = (a * ox) + (c * oy) + dx;
                var ndy = (b * ox) + (d * oy) + dy;
                AddGlyph(bytes, t, component, na, nb, nc, nd, ndx, ndy, output, depth + 1);
                if ((flags & 0x20) == 0)
                {
                    return;
                }
            }
        }

        var endPoints = new int[contourCount];
        for (var i = 0; i < contourCount; i++)
        {
            endPoints[i] = BinaryPrimitives.ReadUInt16BigEndian(g[(10 + (2 * i))..]);
        }

        var pointCount = contourCount == 0 ? 0 : endPoints[^1] + 1;
        var at = 10 + (2 * contourCount);
        int instructionLength = BinaryPrimitives.ReadUInt16BigEndian(g[at..]);
        at += 2 + instructionLength;
        var flagsOf = new byte[pointCount];
        for (var i = 0; i < pointCount;)
        {
            var f = g[at++];
            flagsOf[i++] = f;
            if ((f & 8) != 0)
            {
                var repeat = g[at++];
                for (var r = 0; r < repeat && i < pointCount; r++)
                {
                    flagsOf[i++] = f;
                }
            }
        }

        var xs = new int[pointCount];
        var ys = new int[pointCount];
        var value = 0;
        for (var i = 0; i < pointCount; i++)
        {
            var f = flagsOf[i];
            if ((f & 2) != 0)
            {
                value += (f & 16) != 0 ? g[at] : -g[at];
                at++;
            }
            else if ((f & 16) == 0)
            {
                value += BinaryPrimitives.ReadInt16BigEndian(g[at..]);
                at += 2;
            }

            xs[i] = value;
        }

        value = 0;
        for (var i = 0; i < pointCount; i++)
        {
            var f = flagsOf[i];
            if ((f & 4) != 0)
            {
                value += (f & 32) != 0 ? g[at] : -g[at];
                at++;
            }
            else if ((f & 32) == 0)
            {
                value += BinaryPrimitives.ReadInt16BigEndian(g[at..]);
                at += 2;
            }

            ys[i] = value;
        }

        var first = 0;
        foreach (var last in endPoints)
        {
            var points = new List<(double X, double Y, bool On)>();
            for (var i = first; i <= last; i++)
            {
                points.Add((xs[i], ys[i], (flagsOf[i] & 1) != 0));
            }

            first = last + 1;
            if (points.Count < 2)
            {
                continue;
            }

            output.Add(Contour(points, Map));
        }
    }

    /// <summary>A TrueType contour (quadratic, with implied on-curve midpoints) as cubic segments.</summary>
    private static GlyphContour Contour(List<(double X, double Y, bool On)> points, Func<double, double, (double X, double Y)> map)
    {
        // Start at an on-curve point (or the midpoint of the first two off-curve points).
        var startIndex = points.FindIndex(p => p.On);
        (double X, double Y) start;
        if (startIndex < 0)
        {
            start = ((points[0].X + points[1].X) / 2, (points[0].Y + points[1].Y) / 2);
            startIndex = 0;
            points.Insert(1, (start.X, start.Y, true));
            startIndex = 1;
        }
        else
        {
            start = (points[startIndex].X, points[startIndex].Y);
        }

        var segments = new List<((double X, double Y), (double X, double Y), (double X, double Y))>();
        var current = start;
        (double X, double Y)? control = null;
        for (var k = 1; k <= points.Count; k++)
        {
            var p = points[(startIndex + k) % points.Count];
            if (p.On)
            {
                if (control is { } q)
                {
                    segments.Add(Quadratic(current, q, (p.X, p.Y), map));
                }
                else
                {
                    segments.Add(Line(current, (p.X, p.Y), map));
                }

                current = (p.X, p.Y);
                control = null;
            }
            else if (control is { } q)
            {
                var mid = ((q.X + p.X) / 2, (q.Y + p.Y) / 2);
                segments.Add(Quadratic(current, q, mid, map));
                current = mid;
                control = (p.X, p.Y);
            }
            else
            {
                control = (p.X, p.Y);
            }
        }

        if (control is { } last)
        {
            segments.Add(Quadratic(current, last, start, map));
        }

        return new GlyphContour(map(start.X, start.Y), segments);
    }

    private static ((double X, double Y), (double X, double Y), (double X, double Y)) Line((double X, double Y) from, (double X, double Y) to, Func<double, double, (double X, double Y)> map)
    {
        var a = map(from.X, from.Y);
        var b = map(to.X, to.Y);
        return (a, b, b);
    }

    private static ((double X, double Y), (double X, double Y), (double X, double Y)) Quadratic((double X, double Y) p0, (double X, double Y) q, (double X, double Y) p1, Func<double, double, (double X, double Y)> map)
    {
        var c1 = (p0.X + (2.0 / 3 * (q.X - p0.X)), p0.Y + (2.0 / 3 * (q.Y - p0.Y)));
        var c2 = (p1.X + (2.0 / 3 * (q.X - p1.X)), p1.Y + (2.0 / 3 * (q.Y - p1.Y)));
        return (map(c1.Item1, c1.Item2), map(c2.Item1, c2.Item2), map(p1.X, p1.Y));
    }

    private static double F2Dot14(ReadOnlySpan<byte> span) => BinaryPrimitives.ReadInt16BigEndian(span) / 16384.0;

    private static FontTables Load(byte[] bytes)
    {
        var font = bytes.AsSpan();
        int numTables = BinaryPrimitives.ReadUInt16BigEndian(font[4..]);
        var offsets = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < numTables; i++)
        {
            var record = font[(12 + (16 * i))..];
            var tag = System.Text.Encoding.ASCII.GetString(record[..4]);
            offsets[tag] = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
        }

        var head = offsets["head"];
        int unitsPerEm = BinaryPrimitives.ReadUInt16BigEndian(font[(head + 18)..]);
        var longLoca = BinaryPrimitives.ReadInt16BigEndian(font[(head + 50)..]) == 1;
        int numberOfHMetrics = BinaryPrimitives.ReadUInt16BigEndian(font[(offsets["hhea"] + 34)..]);
        return new FontTables(unitsPerEm, longLoca, offsets["loca"], offsets["glyf"], offsets["hmtx"], numberOfHMetrics, ReadCmap(font, offsets["cmap"]));
    }

    private static Dictionary<int, ushort> ReadCmap(ReadOnlySpan<byte> font, int cmapOffset)
    {
        var map = new Dictionary<int, ushort>();
        var cmap = font[cmapOffset..];
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
                for (var s = 0; s < segX2 / 2; s++)
                {
                    int segEnd = BinaryPrimitives.ReadUInt16BigEndian(sub[(14 + (2 * s))..]);
                    int segStart = BinaryPrimitives.ReadUInt16BigEndian(sub[(16 + segX2 + (2 * s))..]);
                    var delta = BinaryPrimitives.ReadInt16BigEndian(sub[(16 + (2 * segX2) + (2 * s))..]);
                    var rangeOffsetAt = 16 + (3 * segX2) + (2 * s);
                    int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(sub[rangeOffsetAt..]);
                    for (var ch = segStart; ch <= segEnd && ch != 0xFFFF; ch++)
                    {
                        int glyph;
                        if (rangeOffset == 0)
                        {
                            glyph = (ch + delta) & 0xFFFF;
                        }
                        else
                        {
                            glyph = BinaryPrimitives.ReadUInt16BigEndian(sub[(rangeOffsetAt + rangeOffset + (2 * (ch - segStart)))..]);
                            glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                        }

                        if (glyph != 0)
                        {
                            map.TryAdd(ch, (ushort)glyph);
                        }
                    }
                }
            }
            else if (format == 12)
            {
                var groups = (int)BinaryPrimitives.ReadUInt32BigEndian(sub[12..]);
                for (var gi = 0; gi < groups; gi++)
                {
                    var group = sub[(16 + (12 * gi))..];
                    var groupStart = (int)BinaryPrimitives.ReadUInt32BigEndian(group);
                    var groupEnd = (int)BinaryPrimitives.ReadUInt32BigEndian(group[4..]);
                    var firstGlyph = (int)BinaryPrimitives.ReadUInt32BigEndian(group[8..]);
                    for (var ch = groupStart; ch <= groupEnd; ch++)
                    {
                        map[ch] = (ushort)(firstGlyph + (ch - groupStart));
                    }
                }
            }
        }

        return map;
    }
}
