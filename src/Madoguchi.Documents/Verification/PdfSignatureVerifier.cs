using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Documents.Verification;

/// <summary>What the verifier found about one signature.</summary>
public sealed record SignatureReport
{
    public int Index { get; init; }
    public string? SignerName { get; init; }
    public string? CertificateSubject { get; init; }
    public string? CertificateSerialNumber { get; init; }
    public string? CertificateThumbprintSha256 { get; init; }
    public DateTimeOffset? CertificateNotBefore { get; init; }
    public DateTimeOffset? CertificateNotAfter { get; init; }

    /// <summary>The claimed signing time from the signature dictionary's /M.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    public string? SubFilter { get; init; }

    /// <summary>The byte range starts at 0 and leaves out exactly the /Contents hex string.</summary>
    public bool ByteRangeValid { get; init; }

    /// <summary>The CMS message digest matches the covered bytes and the signature checks against the signer's key.</summary>
    public bool SignatureValid { get; init; }

    /// <summary>The certificate was within its validity period at the claimed signing time.</summary>
    public bool CertificateValidAtSigningTime { get; init; }

    /// <summary>The signature covers the whole file (no later incremental update).</summary>
    public bool CoversWholeFile { get; init; }

    /// <summary>Every later incremental update only adds signatures (fields, widgets, appearances).</summary>
    public bool LaterUpdatesOnlyAddSignatures { get; init; }

    public bool HasTimestamp { get; init; }

    /// <summary>The raw CMS SignedData.</summary>
    public byte[] Cms { get; init; } = [];

    public IReadOnlyList<LocalizedText> Findings { get; init; } = [];

    public bool IsValid => ByteRangeValid && SignatureValid && CertificateValidAtSigningTime && LaterUpdatesOnlyAddSignatures;
}

public sealed record VerificationResult(string Sha256, IReadOnlyList<SignatureReport> Signatures, IReadOnlyList<LocalizedText> Findings)
{
    /// <summary>At least one signature, and every signature valid.</summary>
    public bool AllValid => Signatures.Count > 0 && Signatures.All(s => s.IsValid);
}

/// <summary>
/// Checks every signature of a PDF with nothing but the bytes: byte ranges, the CMS signature and message digest,
/// the signer certificate and /M, later incremental updates, and the file's SHA-256 (to compare with the record
/// kept at issue time). It does not decide whether the certificate is trusted; the caller compares it with the
/// organisation's certificate.
/// </summary>
public static partial class PdfSignatureVerifier
{
    private static readonly System.Buffers.SearchValues<byte> _hexDigits = System.Buffers.SearchValues.Create("0123456789ABCDEFabcdef"u8);

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRangePattern();

    [GeneratedRegex(@"(\d+)\s+(\d+)\s+obj\b")]
    private static partial Regex ObjectPattern();

    public static VerificationResult Verify(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        var text = Encoding.Latin1.GetString(pdf);
        var reports = new List<SignatureReport>();
        var findings = new List<LocalizedText>();
        if (!text.StartsWith("%PDF-", StringComparison.Ordinal))
        {
            findings.Add(new LocalizedText("PDF ファイルではありません。", "This is not a PDF file."));
            return new VerificationResult(sha, reports, findings);
        }

        foreach (Match match in ByteRangePattern().Matches(text))
        {
            reports.Add(Check(pdf, text, match, reports.Count + 1));
        }

        if (reports.Count == 0)
        {
            findings.Add(new LocalizedText("電子署名がありません。", "The document has no digital signature."));
        }

        return new VerificationResult(sha, reports, findings);
    }

    private static SignatureReport Check(byte[] pdf, string text, Match match, int index)
    {
        var findings = new List<LocalizedText>();
        var range = Enumerable.Range(1, 4).Select(i => long.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
        var dictStart = text.LastIndexOf("<<", match.Index, StringComparison.Ordinal);
        var dictHead = dictStart >= 0 ? text[dictStart..match.Index] : "";
        var byteRangeValid = range[0] == 0 && range[1] < range[2] && range[2] + range[3] <= pdf.Length
            && pdf[range[1]] == '<' && pdf[range[2] - 1] == '>'
            && pdf.AsSpan((int)range[1] + 1, (int)(range[2] - range[1] - 2)).IndexOfAnyExcept(_hexDigits) < 0
            && match.Index > dictStart && match.Index < range[1];
        if (!byteRangeValid)
        {
            findings.Add(new LocalizedText("署名の対象範囲（ByteRange）が正しくありません。", "The signed byte range is not well formed."));
            return new SignatureReport { Index = index, Findings = findings };
        }

        var revisionEnd = range[2] + range[3];
        var coversWhole = revisionEnd == pdf.Length;
        var hex = Encoding.ASCII.GetString(pdf, (int)range[1] + 1, (int)(range[2] - range[1] - 2));
        var contents = Convert.FromHexString(hex.Length % 2 == 0 ? hex : hex + "0");
        byte[] cmsBytes = [];
        try
        {
            AsnDecoder.ReadEncodedValue(contents, AsnEncodingRules.BER, out _, out _, out var consumed);
            cmsBytes = contents[..consumed];
        }
        catch (AsnContentException)
        {
            findings.Add(new LocalizedText("署名データを読み取れません。", "The signature data cannot be read."));
        }

        var signed = new byte[range[1] + range[3]];
        pdf.AsSpan(0, (int)range[1]).CopyTo(signed);
        pdf.AsSpan((int)range[2], (int)range[3]).CopyTo(signed.AsSpan((int)range[1]));

        var signatureValid = false;
        X509Certificate2? certificate = null;
        var hasTimestamp = false;
        if (cmsBytes.Length > 0)
        {
            try
            {
                var cms = new SignedCms(new ContentInfo(signed), detached: true);
                cms.Decode(cmsBytes);
                var signer = cms.SignerInfos[0];
                certificate = signer.Certificate;
                signer.CheckSignature(verifySignatureOnly: true);
                signatureValid = true;
                hasTimestamp = signer.UnsignedAttributes.Cast<CryptographicAttributeObject>().Any(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.14");
            }
            catch (CryptographicException)
            {
                findings.Add(new LocalizedText(
                    "署名が一致しません。署名の後で文書が変更されたか、署名が壊れています。",
                    "The signature does not match: the document was changed after signing or the signature is damaged."));
            }
        }

        var signingTime = ParsePdfDate(DictValue(dictHead, "M"));
        var certValid = certificate is not null && signingTime is { } t
            && t.UtcDateTime >= certificate.NotBefore.ToUniversalTime() && t.UtcDateTime <= certificate.NotAfter.ToUniversalTime();
        if (certificate is not null && !certValid)
        {
            findings.Add(new LocalizedText("署名日時に証明書が有効期間内ではありません。", "The certificate was not valid at the signing time."));
        }

        var onlySignatures = true;
        if (!coversWhole)
        {
            onlySignatures = LaterUpdatesOnlyAddSignatures(text, (int)revisionEnd);
            findings.Add(onlySignatures
                ? new LocalizedText("この署名の後に、別の署名だけが追加されています。", "Only further signatures were added after this signature.")
                : new LocalizedText("この署名の後に、署名以外の変更が加えられています。", "The document was changed after this signature by more than further signatures."));
        }

        if (signatureValid && byteRangeValid)
        {
            findings.Add(new LocalizedText("署名は有効で、署名した範囲は変更されていません。", "The signature is valid and the signed content is unchanged."));
        }

        return new SignatureReport
        {
            Index = index,
            SignerName = DecodePdfString(DictValue(dictHead, "Name")),
            SubFilter = DictValue(dictHead, "SubFilter"),
            CertificateSubject = certificate?.Subject,
            CertificateSerialNumber = certificate?.SerialNumber,
            CertificateThumbprintSha256 = certificate is null ? null : Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)),
            CertificateNotBefore = certificate is null ? null : new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
            CertificateNotAfter = certificate is null ? null : new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
            SigningTime = signingTime,
            ByteRangeValid = byteRangeValid,
            SignatureValid = signatureValid,
            CertificateValidAtSigningTime = certValid,
            CoversWholeFile = coversWhole,
            LaterUpdatesOnlyAddSignatures = onlySignatures,
            HasTimestamp = hasTimestamp,
            Cms = cmsBytes,
            Findings = findings,
        };
    }

    /// <summary>
    /// Every object defined after <paramref name="revisionEnd"/> is a signature, a signature widget, a form XObject
    /// (appearance), the catalog (for /AcroForm) or a page whose /Contents and /Resources did not change.
    /// </summary>
    private static bool LaterUpdatesOnlyAddSignatures(string text, int revisionEnd)
    {
        var later = text[revisionEnd..];
        foreach (Match obj in ObjectPattern().Matches(later))
        {
            var bodyStart = obj.Index + obj.Length;
            var end = later.IndexOf("endobj", bodyStart, StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            var body = later[bodyStart..end];
            var head = body.Contains("stream", StringComparison.Ordinal) ? body[..body.IndexOf("stream", StringComparison.Ordinal)] : body;
            var compact = Regex.Replace(head, @"\s+", "");
            if (compact.Contains("/Type/Sig", StringComparison.Ordinal)
                || (compact.Contains("/Subtype/Widget", StringComparison.Ordinal) && compact.Contains("/FT/Sig", StringComparison.Ordinal))
                || compact.Contains("/Subtype/Form", StringComparison.Ordinal)
                || compact.Contains("/Type/Catalog", StringComparison.Ordinal))
            {
                continue;
            }

            if (compact.Contains("/Type/Page", StringComparison.Ordinal) && !compact.Contains("/Type/Pages", StringComparison.Ordinal))
            {
                var earlier = text.LastIndexOf($"\n{obj.Groups[1].Value} {obj.Groups[2].Value} obj", revisionEnd, StringComparison.Ordinal);
                if (earlier < 0)
                {
                    return false;
                }

                var earlierEnd = text.IndexOf("endobj", earlier, StringComparison.Ordinal);
                var earlierCompact = Regex.Replace(text[earlier..earlierEnd], @"\s+", "");
                if (Between(earlierCompact, "/Contents", "/") != Between(compact, "/Contents", "/")
                    || Between(earlierCompact, "/Resources", "/Group") != Between(compact, "/Resources", "/Group")
                    || Between(earlierCompact, "/MediaBox", "/") != Between(compact, "/MediaBox", "/"))
                {
                    return false;
                }

                continue;
            }

            return false;
        }

        return true;
    }

    private static string Between(string text, string key, string until)
    {
        var at = text.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return "";
        }

        var start = at + key.Length;
        var end = text.IndexOf(until, start + 1, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    private static string? DictValue(string dict, string key)
    {
        var m = Regex.Match(dict, $@"/{key}\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>|/[^\s/<>\[\]()]+)");
        return m.Success ? m.Groups[1].Value : null;
    }

    private static string? DecodePdfString(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        if (raw.StartsWith('<'))
        {
            var bytes = Convert.FromHexString(raw[1..^1]);
            return bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF
                ? Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2)
                : Encoding.Latin1.GetString(bytes);
        }

        return raw.StartsWith('(') ? Regex.Replace(raw[1..^1], @"\\(.)", "$1") : raw;
    }

    private static DateTimeOffset? ParsePdfDate(string? raw)
    {
        var value = DecodePdfString(raw);
        var m = value is null ? null : Regex.Match(value, @"^D:(\d{14})(?:([+-])(\d{2})'(\d{2})'?|Z)?");
        if (m is null || !m.Success)
        {
            return null;
        }

        var local = DateTime.ParseExact(m.Groups[1].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var offset = TimeSpan.Zero;
        if (m.Groups[2].Success)
        {
            offset = new TimeSpan(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture), 0);
            if (m.Groups[2].Value == "-")
            {
                offset = -offset;
            }
        }

        return new DateTimeOffset(local, offset);
    }
}
