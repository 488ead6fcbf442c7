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
