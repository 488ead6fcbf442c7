using System.Globalization;
using System.Text;
using Madoguchi.Documents.Fonts;

namespace Madoguchi.Documents.Seals;

/// <summary>
/// A generated seal as a standalone SVG document (for previews in the back office): the same geometry and glyph
/// outlines as the PDF, in seal red, with no text, no script and no external references.
/// </summary>
public static class SealSvg
{
    public static string Render(SealLayout layout, int pixels = 120)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var s = layout.Size;
        var stroke = layout.StrokeWidth;
        var half = stroke / 2;
        var red = $"#{SealLayout.Red:X2}{SealLayout.Green:X2}{SealLayout.Blue:X2}";
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pixels}\" height=\"{pixels}\" viewBox=\"0 0 {N(s)} {N(s)}\">");
        if (layout.Shape == SealShape.Round)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(s / 2)}\" cy=\"{N(s / 2)}\" r=\"{N((s / 2) - half)}\" fill=\"none\" stroke=\"{red}\" stroke-width=\"{N(stroke)}\"/>");
        }
        else
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(half)}\" y=\"{N(half)}\" width=\"{N(s - stroke)}\" height=\"{N(s - stroke)}\" fill=\"none\" stroke=\"{red}\" stroke-width=\"{N(stroke)}\"/>");
        }

        foreach (var glyph in layout.Glyphs)
        {
            if (GlyphOutlines.For(char.ConvertToUtf32(glyph.Text, 0)) is not { } outline)
            {
                continue;
            }

            var em = glyph.FontSize;
            var left = glyph.CenterX - (outline.Advance * em / 2);
            var baseline = glyph.CenterY + (0.38 * em);
            string P((double X, double Y) p) => $"{N(left + (p.X * em))} {N(baseline - (p.Y * em))}";
            svg.Append(CultureInfo.InvariantCulture, $"<path fill=\"{red}\" fill-rule=\"nonzero\" d=\"");
            foreach (var contour in outline.Contours)
            {
                svg.Append('M').Append(P(contour.Start));
                foreach (var (c1, c2, end) in contour.Segments)
                {
                    svg.Append('C').Append(P(c1)).Append(' ').Append(P(c2)).Append(' ').Append(P(end));
                }

                svg.Append('Z');
            }

            svg.Append("\"/>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
