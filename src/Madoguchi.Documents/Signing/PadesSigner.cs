using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Madoguchi.Documents.Fonts;
using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Seals;

namespace Madoguchi.Documents.Signing;

/// <summary>
/// Where a signature shows: invisible, over a seal already printed on the page (the 公印 of a notice), or with a
/// generated seal drawn as the widget's appearance (an approver's 認印 on a decision document). The seal's
/// characters must already occur in the document (the route lists each approver's name), because the appearance
/// reuses the document's embedded font subset.
/// </summary>
public sealed record SignatureAppearance(SealSlot? Slot, SealLayout? Seal)
{
    public static SignatureAppearance Invisible { get; } = new(null, null);

    public static SignatureAppearance OverPrintedSeal(SealSlot slot) => new(slot, null);

    public static SignatureAppearance WithSeal(SealSlot slot, SealLayout seal) => new(slot, seal);
}

/// <summary>Who signs and why, written into the signature dictionary (/Name, /Reason, /Location, /M).</summary>
public sealed record SignatureDetails
{
    public string? SignerName { get; init; }
    public string? Reason { get; init; }
    public string? Location { get; init; }
}

/// <summary>
/// PAdES baseline B-B signatures (ETSI.CAdES.detached, SHA-256, ESS signing-certificate-v2, signing time only in
/// /M), each appended as an incremental update so earlier signatures stay valid. Optional RFC 3161 signature
/// timestamp (B-T) when a timestamp client is given.
/// </summary>
public sealed class PadesSigner(ITimestampClient? timestamps = null, TimeProvider? time = null)
{
    private const int ReservedBytes = 8192;
    private const int ReservedBytesWithTimestamp = 16384;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<byte[]> SignAsync(byte[] pdf, SigningIdentity signer, SignatureAppearance appearance, SignatureDetails? details = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(appearance);
        details ??= new SignatureDetails();
        var file = new PdfFile(pdf);
        var rootRef = file.Trailer.Get("Root") ?? throw new FormatException("The PDF has no /Root.");
        var rootNumber = PdfFile.RefNumber(rootRef);
        var catalog = file.ReadDict(rootNumber);
        var size = int.Parse(file.Trailer.Get("Size") ?? "0", CultureInfo.InvariantCulture);
        var next = size;

        var pageIndex = (appearance.Slot?.Page ?? 1) - 1;
        var pages = PageNumbers(file, PdfFile.RefNumber(catalog.Get("Pages") ?? throw new FormatException("No /Pages.")));
        if (pageIndex < 0 || pageIndex >= pages.Count)
        {
            throw new ArgumentException($"The document has no page {pageIndex + 1}.", nameof(appearance));
        }

        var pageNumber = pages[pageIndex];
        var page = file.ReadDict(pageNumber);

        // Existing signature fields, for a unique name and to keep them in the AcroForm.
        var acroForm = catalog.Get("AcroForm") is { } af
            ? (af.EndsWith(" R", StringComparison.Ordinal) ? file.ReadDict(PdfFile.RefNumber(af)) : ParseDict(af))
            : new PdfDict();
        var fields = acroForm.Get("Fields") is { } f ? PdfDict.ArrayItems(f) : [];
        var fieldName = $"Signature{fields.Count + 1}";

        var sigNumber = next++;
        var widgetNumber = next++;
        var apNumber = next++;
        var objects = new List<(int Number, string Body)>();

        var now = _time.GetUtcNow();
        var reserved = timestamps is null ? ReservedBytes : ReservedBytesWithTimestamp;
        var sig = new StringBuilder("<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached");
        sig.Append("/M").Append(PdfString(PdfDate(now)));
        if (details.SignerName is { } name)
        {
            sig.Append("/Name").Append(PdfString(name));
        }

        if (details.Reason is { } reason)
        {
            sig.Append("/Reason").Append(PdfString(reason));
        }

        if (details.Location is { } location)
        {
            sig.Append("/Location").Append(PdfString(location));
        }

        const string byteRangePlaceholder = "/ByteRange[0 0000000000 0000000000 0000000000]";
        sig.Append(byteRangePlaceholder).Append("/Contents<").Append('0', reserved * 2).Append(">>>");
        objects.Add((sigNumber, sig.ToString()));

        var rect = "[0 0 0 0]";
        double w = 0, h = 0;
        if (appearance.Slot is { } slot)
        {
            var mediaBox = PdfDict.ArrayItems(page.Get("MediaBox") ?? "[0 0 595.276 841.89]");
            var pageHeight = double.Parse(mediaBox[3], CultureInfo.InvariantCulture);
            w = h = DocumentRenderer.Pt(slot.Size);
            var x = DocumentRenderer.Pt(slot.X);
            var yTop = pageHeight - DocumentRenderer.Pt(slot.Y);
            rect = string.Create(CultureInfo.InvariantCulture, $"[{x:0.###} {yTop - h:0.###} {x + w:0.###} {yTop:0.###}]");
        }

        var widget = $"<</Type/Annot/Subtype/Widget/FT/Sig/F 132/T{PdfString(fieldName)}/V {sigNumber} 0 R/P {pageNumber} 0 R/Rect{rect}/AP<</N {apNumber} 0 R>>>>";
        objects.Add((widgetNumber, widget));
        objects.Add((apNumber, AppearanceStream(file, page, appearance.Seal, w, h)));

        var annots = page.Get("Annots") is { } a
            ? (a.EndsWith(" R", StringComparison.Ordinal) ? throw new NotSupportedException("Indirect /Annots arrays are not supported.") : PdfDict.ArrayItems(a))
            : [];
        annots.Add($"{widgetNumber} 0 R");
        page.Set("Annots", "[" + string.Join(" ", annots) + "]");
        objects.Add((pageNumber, page.ToString()));

        fields.Add($"{widgetNumber} 0 R");
        acroForm.Set("Fields", "[" + string.Join(" ", fields) + "]");
        acroForm.Set("SigFlags", "3");
        catalog.Set("AcroForm", acroForm.ToString());
        objects.Add((rootNumber, catalog.ToString()));

        var trailer = new PdfDict();
        trailer.Set("Size", next.ToString(CultureInfo.InvariantCulture));
        trailer.Set("Root", rootRef);
        if (file.Trailer.Get("Info") is { } info)
        {
            trailer.Set("Info", info);
        }

        if (file.Trailer.Get("ID") is { } id)
        {
            trailer.Set("ID", id);
        }

        trailer.Set("Prev", file.StartXref.ToString(CultureInfo.InvariantCulture));
        var output = AppendUpdate(pdf, objects, trailer);

        // Patch /ByteRange around /Contents, then sign the covered bytes and fill /Contents.
        var text = PdfFile.Latin1(output.AsSpan(pdf.Length));
        var brAt = pdf.Length + text.IndexOf(byteRangePlaceholder, StringComparison.Ordinal);
        var contentsStart = pdf.Length + text.IndexOf("/Contents<", StringComparison.Ordinal) + "/Contents".Length;
        var contentsEnd = contentsStart + (reserved * 2) + 2;
        var byteRange = string.Create(CultureInfo.InvariantCulture, $"/ByteRange[0 {contentsStart} {contentsEnd} {output.Length - contentsEnd}]")
            .PadRight(byteRangePlaceholder.Length);
        Encoding.ASCII.GetBytes(byteRange).CopyTo(output, brAt);

        var signed = new byte[contentsStart + (output.Length - contentsEnd)];
        output.AsSpan(0, contentsStart).CopyTo(signed);
        output.AsSpan(contentsEnd).CopyTo(signed.AsSpan(contentsStart));
        var cms = await CreateCmsAsync(signed, signer, cancellationToken);
        if (cms.Length > reserved)
        {
            throw new InvalidOperationException($"The signature ({cms.Length} bytes) does not fit the reserved {reserved} bytes.");
        }

        Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(output, contentsStart + 1);
        return output;
    }

    private async Task<byte[]> CreateCmsAsync(byte[] signedBytes, SigningIdentity signer, CancellationToken cancellationToken)
    {
        var content = new ContentInfo(signedBytes);
        var cms = new SignedCms(content, detached: true);
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer.Certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = System.Security.Cryptography.X509Certificates.X509IncludeOption.EndCertOnly,
        };
        cmsSigner.SignedAttributes.Add(new AsnEncodedData(new Oid("1.2.840.113549.1.9.16.2.47"), SigningCertificateV2(signer)));
        cms.ComputeSignature(cmsSigner, silent: true);
        if (timestamps is not null)
        {
            var signerInfo = cms.SignerInfos[0];
            var token = await timestamps.TimestampAsync(signerInfo.GetSignature(), cancellationToken);
            signerInfo.AddUnsignedAttribute(new AsnEncodedData(new Oid("1.2.840.113549.1.9.16.2.14"), token.AsSignedCms().Encode()));
        }

        return cms.Encode();
    }

    /// <summary>ESS SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with SHA-256 (the default algorithm).</summary>
    private static byte[] SigningCertificateV2(SigningIdentity signer)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteOctetString(SHA256.HashData(signer.Certificate.RawData));
                }
            }
        }

        return writer.Encode();
    }

    private static string AppearanceStream(PdfFile file, PdfDict page, SealLayout? seal, double w, double h)
    {
        var ops = new StringBuilder();
        var resources = "<<>>";
        if (seal is not null && w > 0)
        {
            var fontRef = FirstFontReference(file, page);
            resources = $"<</Font<</MadoguchiSeal {fontRef}>>>>";
            var k = w / DocumentRenderer.Pt(seal.Size);
            double X(double mm) => DocumentRenderer.Pt(mm) * k;
            double Y(double mm) => h - (DocumentRenderer.Pt(mm) * k);
            var color = string.Create(CultureInfo.InvariantCulture, $"{SealLayout.Red / 255.0:0.###} {SealLayout.Green / 255.0:0.###} {SealLayout.Blue / 255.0:0.###}");
            var stroke = X(seal.StrokeWidth);
            ops.Append(CultureInfo.InvariantCulture, $"q {color} RG {color} rg {stroke:0.###} w\n");
            var half = stroke / 2;
            if (seal.Shape == SealShape.Round)
            {
                var r = (w / 2) - half;
                var c = w / 2;
                const double kappa = 0.5522847498;
                var o = r * kappa;
                ops.Append(CultureInfo.InvariantCulture, $"{c + r:0.###} {c:0.###} m\n");
                ops.Append(CultureInfo.InvariantCulture, $"{c + r:0.###} {c + o:0.###} {c + o:0.###} {c + r:0.###} {c:0.###} {c + r:0.###} c\n");
                ops.Append(CultureInfo.InvariantCulture, $"{c - o:0.###} {c + r:0.###} {c - r:0.###} {c + o:0.###} {c - r:0.###} {c:0.###} c\n");
                ops.Append(CultureInfo.InvariantCulture, $"{c - r:0.###} {c - o:0.###} {c - o:0.###} {c - r:0.###} {c:0.###} {c - r:0.###} c\n");
                ops.Append(CultureInfo.InvariantCulture, $"{c + o:0.###} {c - r:0.###} {c + r:0.###} {c - o:0.###} {c + r:0.###} {c:0.###} c\nS\n");
            }
            else
            {
                ops.Append(CultureInfo.InvariantCulture, $"{half:0.###} {half:0.###} {w - stroke:0.###} {h - stroke:0.###} re S\n");
            }

            foreach (var glyph in seal.Glyphs)
            {
                var codePoint = char.ConvertToUtf32(glyph.Text, 0);
                if (!GlyphMap.TryGetGlyph(codePoint, out var gid))
                {
                    continue;
                }

                var fs = X(glyph.FontSize);
                var x = X(glyph.CenterX) - (fs / 2);
                var y = Y(glyph.CenterY) - (fs * 0.37);
                ops.Append(CultureInfo.InvariantCulture, $"BT /MadoguchiSeal {fs:0.###} Tf {x:0.###} {y:0.###} Td <{gid:X4}> Tj ET\n");
            }

            ops.Append("Q\n");
        }

        var body = ops.ToString();
        return string.Create(CultureInfo.InvariantCulture,
            $"<</Type/XObject/Subtype/Form/BBox[0 0 {w:0.###} {h:0.###}]/Resources{resources}/Length {Encoding.ASCII.GetByteCount(body)}>>\nstream\n{body}endstream");
    }

    private static string FirstFontReference(PdfFile file, PdfDict page)
    {
        var resourcesValue = page.Get("Resources") ?? throw new FormatException("The page has no /Resources.");
        var resources = resourcesValue.EndsWith(" R", StringComparison.Ordinal) ? file.ReadDict(PdfFile.RefNumber(resourcesValue)) : ParseDict(resourcesValue);
        var fontsValue = resources.Get("Font") ?? throw new InvalidOperationException("The page has no font to draw the seal with.");
        var fonts = fontsValue.EndsWith(" R", StringComparison.Ordinal) ? file.ReadDict(PdfFile.RefNumber(fontsValue)) : ParseDict(fontsValue);
        return fonts.Entries.Count > 0 ? fonts.Entries[0].Value : throw new InvalidOperationException("The page has no font to draw the seal with.");
    }

    private static PdfDict ParseDict(string text)
    {
        var pos = 0;
        return PdfDict.Parse(text, ref pos);
    }

    private static List<int> PageNumbers(PdfFile file, int pagesNumber)
    {
        var result = new List<int>();
        var node = file.ReadDict(pagesNumber);
        foreach (var kid in PdfDict.ArrayItems(node.Get("Kids") ?? "[]"))
        {
            var number = PdfFile.RefNumber(kid);
            var dict = file.ReadDict(number);
            if (dict.Get("Type") == "/Pages")
            {
                result.AddRange(PageNumbers(file, number));
            }
            else
            {
                result.Add(number);
            }
        }

        return result;
    }

    private static byte[] AppendUpdate(byte[] pdf, List<(int Number, string Body)> objects, PdfDict trailer)
    {
        using var output = new MemoryStream(pdf.Length + 32768);
        output.Write(pdf);
        void Write(string s) => output.Write(Encoding.Latin1.GetBytes(s));
        if (pdf.Length > 0 && pdf[^1] != '\n')
        {
            Write("\n");
        }

        var offsets = new List<(int Number, long Offset)>();
        foreach (var (number, body) in objects)
        {
            offsets.Add((number, output.Position));
            Write(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n{body}\nendobj\n"));
        }

        var xref = output.Position;
        var sb = new StringBuilder("xref\n");
        foreach (var (number, offset) in offsets.OrderBy(o => o.Number))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{number} 1\n{offset:D10} 00000 n\r\n");
        }

        sb.Append("trailer\n").Append(trailer).Append(CultureInfo.InvariantCulture, $"\nstartxref\n{xref}\n%%EOF\n");
        Write(sb.ToString());
        return output.ToArray();
    }

    private static string PdfDate(DateTimeOffset time) =>
        "D:" + time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+00'00'";

    /// <summary>A PDF text string: literal when ASCII, else UTF-16BE with a BOM as hex.</summary>
    private static string PdfString(string value)
    {
        if (value.All(c => c is >= ' ' and < (char)0x7F))
        {
            return "(" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal) + ")";
        }

        return "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(value)) + ">";
    }
}
