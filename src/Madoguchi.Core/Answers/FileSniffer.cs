using System.Text;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Answers;

/// <summary>
/// Decides what an upload really is from its first bytes, because names and declared content types are
/// chosen by the sender. Anything not positively recognised is null and therefore rejected; in particular
/// executables and markup a browser could run (HTML, SVG, XML) never pass as text.
/// </summary>
public static class FileSniffer
{
    /// <summary>How many leading bytes callers should pass; enough for every signature and a useful text check.</summary>
    public const int HeadLength = 4096;

    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<string> KnownKinds => FileKinds.All;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> TiffLittleEndian => [0x49, 0x49, 0x2A, 0x00];
    private static ReadOnlySpan<byte> TiffBigEndian => [0x4D, 0x4D, 0x00, 0x2A];
    private static ReadOnlySpan<byte> ZipSignature => [0x50, 0x4B, 0x03, 0x04];
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static string? Detect(ReadOnlySpan<byte> head, string fileName)
    {
        fileName ??= "";
        if (head.IsEmpty)
        {
            return null;
        }

        if (head.StartsWith("MZ"u8) || head.StartsWith("\u007FELF"u8))
        {
            return null;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return FileKinds.Pdf;
        }

        if (head.StartsWith(PngSignature))
        {
            return FileKinds.Png;
        }

        if (head.StartsWith(JpegSignature))
        {
            return FileKinds.Jpeg;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return FileKinds.Gif;
        }

        if (head.StartsWith(TiffLittleEndian) || head.StartsWith(TiffBigEndian))
        {
            return FileKinds.Tiff;
        }

        if (head.StartsWith(ZipSignature))
        {
            // Office Open XML is a ZIP; only the name tells Word from Excel without unpacking. Any other ZIP is refused.
            return Extension(fileName) switch
            {
                ".docx" => FileKinds.Docx,
                ".xlsx" => FileKinds.Xlsx,
                _ => null,
            };
        }

        return IsPlainText(head) ? (Extension(fileName) == ".csv" ? FileKinds.Csv : FileKinds.Txt) : null;
    }

    /// <summary>The MIME type to store and serve a kind with; application/octet-stream for an unknown kind.</summary>
    public static string ContentTypeFor(string kind) => kind switch
    {
        FileKinds.Pdf => "application/pdf",
        FileKinds.Png => "image/png",
        FileKinds.Jpeg => "image/jpeg",
        FileKinds.Gif => "image/gif",
        FileKinds.Tiff => "image/tiff",
        FileKinds.Txt => "text/plain",
        FileKinds.Csv => "text/csv",
        FileKinds.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        FileKinds.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };

    /// <summary>
    /// Whether the name's extension and the declared type agree with the detected kind. A missing extension or a
    /// generic declared type (empty, application/octet-stream) claims nothing and so cannot disagree.
    /// </summary>
    internal static bool IsConsistent(string fileName, string? declaredContentType, string detectedKind)
    {
        var extension = Extension(fileName ?? "");
        if (extension.Length > 0 && !ExtensionsFor(detectedKind).Contains(extension, StringComparer.Ordinal))
        {
            return false;
        }

        var declared = (declaredContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return declared is "" or "application/octet-stream" or "binary/octet-stream"
            || ContentTypesFor(detectedKind).Contains(declared, StringComparer.Ordinal);
    }

    private static string[] ExtensionsFor(string kind) => kind switch
    {
        FileKinds.Pdf => [".pdf"],
        FileKinds.Png => [".png"],
        FileKinds.Jpeg => [".jpg", ".jpeg", ".jpe", ".jfif"],
        FileKinds.Gif => [".gif"],
        FileKinds.Tiff => [".tif", ".tiff"],
        FileKinds.Txt => [".txt", ".text"],
        FileKinds.Csv => [".csv"],
        FileKinds.Docx => [".docx"],
        FileKinds.Xlsx => [".xlsx"],
        _ => [],
    };

    // Browsers disagree on some types: Windows sends application/vnd.ms-excel for .csv, older IE image/pjpeg.
    private static string[] ContentTypesFor(string kind) => kind switch
    {
        FileKinds.Pdf => ["application/pdf", "application/x-pdf"],
        FileKinds.Png => ["image/png", "image/x-png"],
        FileKinds.Jpeg => ["image/jpeg", "image/jpg", "image/pjpeg"],
        FileKinds.Gif => ["image/gif"],
        FileKinds.Tiff => ["image/tiff", "image/tif"],
        FileKinds.Txt => ["text/plain"],
        FileKinds.Csv => ["text/csv", "text/plain", "application/csv", "text/comma-separated-values", "application/vnd.ms-excel"],
        FileKinds.Docx => [ContentTypeFor(FileKinds.Docx)],
        FileKinds.Xlsx => [ContentTypeFor(FileKinds.Xlsx)],
        _ => [],
    };

    private static string Extension(string fileName)
    {
        var name = fileName.Trim().TrimEnd('.');
        var dot = name.LastIndexOf('.');
        var slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
        return dot > slash + 1 ? name[dot..].ToLowerInvariant() : "";
    }

    /// <summary>UTF-8 text (a sequence cut off by the end of the head is fine) with no NULs and not starting with markup.</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Utf8Bom))
        {
            head = head[3..];
        }

        if (head.Contains((byte)0))
        {
            return false;
        }

        var complete = head[..CompleteUtf8Length(head)];
        try
        {
            _ = _strictUtf8.GetCharCount(complete);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        // Any text opening with "<" could be HTML, SVG or XML that a browser would render if served back
        // (<html, <!doctype, <script, <svg, <?xml and their relatives); plain text and CSV never need it.
        var trimmed = complete.TrimStart(" \t\r\n\f\v"u8);
        return trimmed.IsEmpty || trimmed[0] != (byte)'<';
    }

    /// <summary>The length without a trailing multi-byte sequence that the head cut short.</summary>
    private static int CompleteUtf8Length(ReadOnlySpan<byte> bytes)
    {
        // A UTF-8 sequence is at most 4 bytes, so only the last 3 bytes can be an unfinished sequence.
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b switch
            {
                >= 0xF5 => 1, // never valid; left in place for the decoder to reject
                >= 0xF0 => 4,
                >= 0xE0 => 3,
                >= 0xC2 => 2,
                _ => 1,
            };

            return needed > back ? bytes.Length - back : bytes.Length;
        }

        return bytes.Length;
    }
}
