using System.Text;
using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Templates;

namespace Madoguchi.Documents.Tests;

public class RenderingTests
{
    [Fact]
    public void Notice_text_is_extracted_exactly_by_pdftotext()
    {
        var text = Poppler.Text(Samples.Notice().Pdf);
        Assert.Contains("交付決定通知書", text, StringComparison.Ordinal);
        Assert.Contains("髙橋 一郎 様", text, StringComparison.Ordinal);
        Assert.Contains("令和8年4月1日", text, StringComparison.Ordinal);
        Assert.Matches(@"1\s*/\s*1", text);
    }

    [Fact]
    public void Seal_characters_are_outlines_not_text()
    {
        var text = Poppler.Text(Samples.Notice().Pdf);
        Assert.DoesNotContain("之印", text, StringComparison.Ordinal);
        Assert.DoesNotContain("印", text, StringComparison.Ordinal);
        Assert.Contains("山野 之義", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Font_is_embedded_as_a_subset()
    {
        var pdf = Samples.Notice().Pdf;
        var (code, output) = Poppler.Run("pdffonts", pdf, "{pdf}");
        Assert.Equal(0, code);
        var line = output.Split('\n').Single(l => l.Contains("IPAex", StringComparison.Ordinal));
        Assert.Matches(@"^[A-Z]{6}\+", line);
        Assert.Contains(" yes yes ", line, StringComparison.Ordinal);
        Assert.True(pdf.Length < 300_000, $"a one-page notice should be small with a subset font, was {pdf.Length} bytes");
    }
}
