using System.Globalization;
using Madoguchi.Documents.Fonts;
using Madoguchi.Documents.Seals;
using Madoguchi.Documents.Templates;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Madoguchi.Documents.Rendering;

/// <summary>A seal position in millimetres from the top-left corner of a page (pages start at 1).</summary>
public sealed record SealSlot(int Page, double X, double Y, double Size);

/// <summary>The rendered PDF and where seals go: one slot per approver of a route block, and the official seal.</summary>
public sealed record RenderedDocument(byte[] Pdf, IReadOnlyList<SealSlot> ApproverSlots, SealSlot? OfficialSealSlot);

/// <summary>
/// Lays out a template on A4 portrait pages with the shipped Japanese font embedded as a subset: headings,
/// paragraphs with 禁則 line breaking, key/value tables, the approval route, page numbers 「1 / 2」 and seals.
/// </summary>
public static class DocumentRenderer
{
    public const double PageWidthMm = 210, PageHeightMm = 297;
    private const double MarginMm = 22, BottomMm = 24;
    private const double BodySize = 10.5;

    /// <summary>Size of an approver's seal box in the route, and the row height that leaves room for the date under it.</summary>
    public const double ApproverSealMm = 14, RouteRowMm = 22;

    /// <summary>Renders <paramref name="template"/> with <paramref name="data"/>; throws <see cref="TemplateException"/> on template problems.</summary>
    public static RenderedDocument Render(DocumentTemplate template, DocumentData data, SealImage? officialSeal = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(data);
        var problems = template.Check().ToList();
        var values = data.Values();
        var blocks = new List<(TemplateBlock Block, string Text, IReadOnlyList<(string Key, string Value)> Rows)>();
        for (var i = 0; i < template.Blocks.Count; i++)
        {
            var block = template.Blocks[i];
            var text = block.Text is null ? "" : Placeholders.Substitute(block.Text, values, $"blocks[{i}].text", problems);
            var rows = block.Rows.Select((r, j) => (
                Placeholders.Substitute(r.Key, values, $"blocks[{i}].rows[{j}].key", problems),
                Placeholders.Substitute(r.Value, values, $"blocks[{i}].rows[{j}].value", problems))).ToList();
            if (block.Type is BlockType.Heading or BlockType.Paragraph or BlockType.Line && block.Text is null)
            {
                problems.Add(new TemplateProblem($"blocks[{i}].text", new Core.Procedures.LocalizedText(
                    "この種類のブロックには text が必要です。", "This kind of block needs a text.")));
            }

            blocks.Add((block, text, rows));
        }

        if (problems.Count > 0)
        {
            throw new TemplateException(problems);
        }

        DocumentFonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = template.Title.Ja;
        document.Info.Creator = "Madoguchi";
        var layout = new Layout(document);
        foreach (var (block, text, rows) in blocks)
        {
            layout.Block(block, text, rows, data);
        }

        SealSlot? officialSlot = template.OfficialSeal is { } placement
            ? new SealSlot(placement.Page, placement.X, placement.Y, placement.Size)
            : null;
        if (officialSlot is not null && officialSlot.Page > layout.PageCount)
        {
            throw new TemplateException([new TemplateProblem("officialSeal.page", new Core.Procedures.LocalizedText(
                $"公印を置く {officialSlot.Page} ページ目がありません（{layout.PageCount} ページの文書です）。",
                $"There is no page {officialSlot.Page} for the official seal (the document has {layout.PageCount})."))]);
        }

        layout.Finish(officialSlot, officialSeal);
        using var output = new MemoryStream();
        document.Save(output, false);
        return new RenderedDocument(output.ToArray(), layout.ApproverSlots, officialSlot);
    }

    internal static double Pt(double mm) => mm * 72 / 25.4;

    internal static XFont Font(double size) =>
        new(DocumentFonts.FamilyName, size, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));

    private sealed class Layout
    {
        private readonly PdfDocument _document;
        private readonly List<PdfPage> _pages = [];
        private XGraphics? _gfx;
        private double _y;
        private readonly double _left = Pt(MarginMm), _right = Pt(PageWidthMm - MarginMm), _bottom = Pt(PageHeightMm - BottomMm);

        public List<SealSlot> ApproverSlots { get; } = [];

        private readonly Dictionary<(double Size, string Text), double> _widths = [];

        /// <summary>Width of a character (cached per font size for this document).</summary>
        private Func<string, double> Measure(XFont font, double size) => s =>
        {
            if (!_widths.TryGetValue((size, s), out var width))
            {
                width = Gfx.MeasureString(s, font).Width;
                _widths[(size, s)] = width;
            }

            return width;
        };

        public Layout(PdfDocument document)
        {
            _document = document;
            NewPage();
        }

        private double Width => _right - _left;

        public int PageCount => _pages.Count;

        private XGraphics Gfx => _gfx!;

        private void NewPage()
        {
            _gfx?.Dispose();
            var page = _document.AddPage();
            page.Width = XUnit.FromMillimeter(PageWidthMm);
            page.Height = XUnit.FromMillimeter(PageHeightMm);
            _pages.Add(page);
            _gfx = XGraphics.FromPdfPage(page);
            _y = Pt(MarginMm);
        }

        private void Ensure(double height)
        {
            if (_y + height > _bottom && _y > Pt(MarginMm) + 0.1)
            {
                NewPage();
            }
        }

        public void Block(TemplateBlock block, string text, IReadOnlyList<(string Key, string Value)> rows, DocumentData data)
        {
            switch (block.Type)
            {
                case BlockType.Heading:
                    _y += Pt(4);
                    Text(text, block.Size ?? 18, TextAlign.Center, 1.4);
                    _y += Pt(4);
                    break;
                case BlockType.Paragraph:
                    Text(text, block.Size ?? BodySize, block.Align, 1.7);
                    _y += Pt(2);
                    break;
                case BlockType.Line:
                    Text(text, block.Size ?? BodySize, block.Align, 1.6);
                    break;
                case BlockType.Table:
                    Table(rows, block.Size ?? BodySize);
                    break;
                case BlockType.Answers:
                    Table(data.Answers.Select(a => (a.Label, a.Value)).ToList(), block.Size ?? BodySize);
                    break;
                case BlockType.Route:
                    Route(data.Route, block.Size ?? BodySize);
                    break;
                case BlockType.Space:
                    _y += Pt(block.Size ?? 5);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown block type {block.Type}.");
            }
        }

        private void Text(string text, double size, TextAlign align, double leading)
        {
            var font = Font(size);
            var lineHeight = size * leading;
            foreach (var line in LineBreaker.Break(text, Measure(font, size), Width))
            {
                Ensure(lineHeight);
                var width = Gfx.MeasureString(line, font).Width;
                var x = align switch
                {
                    TextAlign.Center => _left + ((Width - width) / 2),
                    TextAlign.Right => _right - width,
                    _ => _left,
                };
                Gfx.DrawString(line, font, XBrushes.Black, new XPoint(x, _y + ((lineHeight - size) / 2)), XStringFormats.TopLeft);
                _y += lineHeight;
            }
        }

        private void Table(IReadOnlyList<(string Key, string Value)> rows, double size)
        {
            var font = Font(size);
            var keyWidth = Width * 0.32;
            var pad = Pt(2);
            var lineHeight = size * 1.5;
            var pen = new XPen(XColors.Black, 0.5);
            foreach (var (key, value) in rows)
            {
                var keyLines = LineBreaker.Break(key, Measure(font, size), keyWidth - (2 * pad));
                var valueLines = LineBreaker.Break(value, Measure(font, size), Width - keyWidth - (2 * pad));
                var height = (Math.Max(keyLines.Count, valueLines.Count) * lineHeight) + (2 * pad);
                Ensure(Math.Min(height, _bottom - Pt(MarginMm)));
                Gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xF0, 0xF0, 0xF0)), _left, _y, keyWidth, height);
                Gfx.DrawRectangle(pen, _left, _y, keyWidth, height);
                Gfx.DrawRectangle(pen, _left + keyWidth, _y, Width - keyWidth, height);
                for (var i = 0; i < keyLines.Count; i++)
                {
                    Gfx.DrawString(keyLines[i], font, XBrushes.Black, new XPoint(_left + pad, _y + pad + (i * lineHeight) + ((lineHeight - size) / 2)), XStringFormats.TopLeft);
                }

                for (var i = 0; i < valueLines.Count; i++)
                {
                    Gfx.DrawString(valueLines[i], font, XBrushes.Black, new XPoint(_left + keyWidth + pad, _y + pad + (i * lineHeight) + ((lineHeight - size) / 2)), XStringFormats.TopLeft);
                }

                _y += height;
            }

            _y += Pt(3);
        }

        private void Route(IReadOnlyList<RouteStep> route, double size)
        {
            var font = Font(size);
            var pen = new XPen(XColors.Black, 0.5);
            var rowHeight = Pt(RouteRowMm);
            double[] widths = [Width * 0.32, Width * 0.38, Width * 0.30];
            string[] headers = ["役職", "氏名", "決裁印・日付"];
            void Header()
            {
                var hx = _left;
                for (var c = 0; c < widths.Length; c++)
                {
                    Gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xF0, 0xF0, 0xF0)), hx, _y, widths[c], Pt(8));
                    Gfx.DrawRectangle(pen, hx, _y, widths[c], Pt(8));
                    Gfx.DrawString(headers[c], font, XBrushes.Black, new XRect(hx, _y, widths[c], Pt(8)), XStringFormats.Center);
                    hx += widths[c];
                }

                _y += Pt(8);
            }

            Ensure(Pt(8) + rowHeight);
            Header();
            foreach (var step in route)
            {
                if (_y + rowHeight > _bottom)
                {
                    NewPage();
                    Header(); // the route continues with its header repeated
                }

                string[] cells = [step.Title, step.Name];
                var x = _left;
                for (var c = 0; c < widths.Length; c++)
                {
                    Gfx.DrawRectangle(pen, x, _y, widths[c], rowHeight);
                    if (c < cells.Length)
                    {
                        Gfx.DrawString(cells[c], font, XBrushes.Black, new XRect(x, _y, widths[c], rowHeight), XStringFormats.Center);
                    }

                    x += widths[c];
                }

                // The seal box, centred in the last cell with room for the date caption under it; the signer
                // draws the approver's seal and date there when the approval is signed.
                var cellXmm = (_left + widths[0] + widths[1]) * 25.4 / 72;
                var cellWmm = widths[2] * 25.4 / 72;
                var yMm = _y * 25.4 / 72;
                ApproverSlots.Add(new SealSlot(_pages.Count, Math.Round(cellXmm + ((cellWmm - ApproverSealMm) / 2), 2), Math.Round(yMm + 1.5, 2), ApproverSealMm));
                _y += rowHeight;
            }

            _y += Pt(3);
        }

        public void Finish(SealSlot? officialSlot, SealImage? officialSeal)
        {
            _gfx?.Dispose();
            _gfx = null;
            var font = Font(9);
            for (var i = 0; i < _pages.Count; i++)
            {
                using var gfx = XGraphics.FromPdfPage(_pages[i]);
                var text = string.Create(CultureInfo.InvariantCulture, $"{i + 1} / {_pages.Count}");
                gfx.DrawString(text, font, XBrushes.Black,
                    new XRect(0, Pt(PageHeightMm - 14), Pt(PageWidthMm), Pt(6)), XStringFormats.Center);
                if (officialSlot is not null && officialSeal is not null && officialSlot.Page == i + 1)
                {
                    SealPainter.Draw(gfx, officialSeal, Pt(officialSlot.X), Pt(officialSlot.Y), Pt(officialSlot.Size));
                }
            }
        }
    }
}

/// <summary>Draws a seal with PDFsharp (at render time).</summary>
internal static class SealPainter
{
    public static void Draw(XGraphics gfx, SealImage seal, double x, double y, double size)
    {
        if (seal.Png is { } png)
        {
            using var stream = new MemoryStream(png);
            using var image = XImage.FromStream(stream);
            gfx.DrawImage(image, x, y, size, size);
            return;
        }

        var layout = seal.Layout!;
        var scale = size / DocumentRenderer.Pt(layout.Size);
        double P(double mm) => DocumentRenderer.Pt(mm) * scale;
        var red = XColor.FromArgb(SealLayout.Red, SealLayout.Green, SealLayout.Blue);
        var pen = new XPen(red, P(layout.StrokeWidth));
        var half = P(layout.StrokeWidth) / 2;
        if (layout.Shape == SealShape.Round)
        {
            gfx.DrawEllipse(pen, x + half, y + half, size - (2 * half), size - (2 * half));
        }
        else
        {
            gfx.DrawRectangle(pen, x + half, y + half, size - (2 * half), size - (2 * half));
        }

        // Characters as filled outlines: vector like the border, and not part of the page's text.
        var brush = new XSolidBrush(red);
        foreach (var glyph in layout.Glyphs)
        {
            var em = P(glyph.FontSize);
            var cx = x + P(glyph.CenterX);
            var cy = y + P(glyph.CenterY);
            if (GlyphOutlines.For(char.ConvertToUtf32(glyph.Text, 0)) is not { } outline)
            {
                gfx.DrawString(glyph.Text, DocumentRenderer.Font(em), brush, new XPoint(cx, cy), XStringFormats.Center);
                continue;
            }

            // The ideographic em box spans 0.12 em below the baseline to 0.88 em above it; centre it on the cell.
            var left = cx - (outline.Advance * em / 2);
            var baseline = cy + (0.38 * em);
            XPoint Pt((double X, double Y) p) => new(left + (p.X * em), baseline - (p.Y * em));
            var path = new XGraphicsPath { FillMode = XFillMode.Winding };
            foreach (var contour in outline.Contours)
            {
                path.StartFigure();
                var current = Pt(contour.Start);
                foreach (var (c1, c2, end) in contour.Segments)
                {
                    var next = Pt(end);
                    path.AddBezier(current, Pt(c1), Pt(c2), next);
                    current = next;
                }

                path.CloseFigure();
            }

            gfx.DrawPath(brush, path);
        }
    }
}

/// <summary>A seal (and an optional caption line under it) as a one-page PDF of exactly the widget's size.</summary>
internal static class SealAppearance
{
    public static byte[] Render(SealImage seal, string? caption, double width, double height)
    {
        DocumentFonts.EnsureInstalled();
        using var document = new PdfDocument();
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(width);
        page.Height = XUnit.FromPoint(height);
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            SealPainter.Draw(gfx, seal, 0, 0, width);
            if (!string.IsNullOrEmpty(caption) && height > width)
            {
                var measured = gfx.MeasureString(caption, DocumentRenderer.Font(10)).Width;
                var size = Math.Min((height - width) * 0.85, 10 * width * 0.96 / measured);
                var red = new XSolidBrush(XColor.FromArgb(SealLayout.Red, SealLayout.Green, SealLayout.Blue));
                gfx.DrawString(caption, DocumentRenderer.Font(size), red, new XRect(0, width, width, height - width), XStringFormats.Center);
            }
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }
}
