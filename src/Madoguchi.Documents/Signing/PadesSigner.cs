using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Seals;

namespace Madoguchi.Documents.Signing;

/// <summary>
/// Where a signature shows: invisible, over a seal already printed on the page (the 公印 of a notice), or with a
/// seal drawn as the widget's appearance (an approver's 認印 on a decision document), optionally with a caption
/// such as the approval date written under it. The appearance carries its own font subset and images.
/// </summary>
public sealed record SignatureAppearance(SealSlot? Slot, SealImage? Seal, string? Caption = null)
{
    /// <summary>Height of the caption line under a seal, in millimetres.</summary>
    public const double CaptionHeightMm = 4.5;

    public static SignatureAppearance Invisible { get; } = new(null, null);

    public static SignatureAppearance OverPrintedSeal(SealSlot slot) => new(slot, null);

    public static SignatureAppearance WithSeal(SealSlot slot, SealImage seal, string? caption = null) => new(slot, seal, caption);

    public static SignatureAppearance WithSeal(SealSlot slot, SealLayout seal, string? caption = null) => new(slot, SealImage.Generated(seal), caption);
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
    private const int ReservedBytes = 6144;
    private const int ReservedForTimestamp = 10240;
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
        var objects = new List<(int Number, string Body)>();

        var now = _time.GetUtcNow();
        var reserved = ReservedBytes + signer.Certificate.RawData.Length + signer.Chain.Sum(c => c.RawData.Length)
            + (timestamps is null ? 0 : ReservedForTimestamp);
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
            w = DocumentRenderer.Pt(slot.Size);
            h = DocumentRenderer.Pt(slot.Size + (appearance.Seal is not null && !string.IsNullOrEmpty(appearance.Caption) ? SignatureAppearance.CaptionHeightMm : 0));
            var x = DocumentRenderer.Pt(slot.X);
            var yTop = pageHeight - DocumentRenderer.Pt(slot.Y);
            rect = string.Create(CultureInfo.InvariantCulture, $"[{x:0.###} {yTop - h:0.###} {x + w:0.###} {yTop:0.###}]");
        }

        int apNumber;
        if (appearance.Seal is not null && w > 0)
        {
            var source = SealAppearance.Render(appearance.Seal, appearance.Caption, w, h);
            var (copied, formNumber, after) = FormXObjectCopier.Copy(source, next, w, h);
            objects.AddRange(copied);
            apNumber = formNumber;
            next = after;
        }
        else
        {
            apNumber = next++;
            objects.Add((apNumber, string.Create(CultureInfo.InvariantCulture, $"<</Type/XObject/Subtype/Form/BBox[0 0 {w:0.###} {h:0.###}]/Resources<<>>/Length 0>>\nstream\n\nendstream")));
        }

        var widget = $"<</Type/Annot/Subtype/Widget/FT/Sig/F 132/T{PdfString(fieldName)}/V {sigNumber} 0 R/P {pageNumber} 0 R/Rect{rect}/AP<</N {apNumber} 0 R>>>>";
        objects.Add((widgetNumber, widget));

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
        foreach (var certificate in signer.Chain)
        {
            cmsSigner.Certificates.Add(certificate);
        }

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
