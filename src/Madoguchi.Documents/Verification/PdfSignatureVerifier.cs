using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Madoguchi.Core.Procedures;
using Madoguchi.Documents.Signing;

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

    /// <summary>The RFC 3161 signature timestamp matches this signature and its TSA signature checks.</summary>
    public bool TimestampValid { get; init; }

    /// <summary>The time the timestamp authority vouches for.</summary>
    public DateTimeOffset? TimestampTime { get; init; }

    /// <summary>The raw CMS SignedData.</summary>
    public byte[] Cms { get; init; } = [];

    public IReadOnlyList<LocalizedText> Findings { get; init; } = [];

    public bool IsValid => ByteRangeValid && SignatureValid && CertificateValidAtSigningTime && LaterUpdatesOnlyAddSignatures
        && (!HasTimestamp || TimestampValid);
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

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]")]
    private static partial Regex ByteRangePattern();

    [GeneratedRegex(@"(?<=[\r\n])(\d+) (\d+) obj\b")]
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
        var timestampValid = false;
        DateTimeOffset? timestampTime = null;
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
                var timestamp = signer.UnsignedAttributes.Cast<CryptographicAttributeObject>().FirstOrDefault(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.14");
                if (timestamp is not null)
                {
                    hasTimestamp = true;
                    if (Rfc3161TimestampToken.TryDecode(timestamp.Values[0].RawData, out var token, out _) && token is not null
                        && token.VerifySignatureForSignerInfo(signer, out _))
                    {
                        timestampValid = true;
                        timestampTime = token.TokenInfo.Timestamp;
                    }
                    else
                    {
                        findings.Add(new LocalizedText("タイムスタンプがこの署名と一致しません。", "The timestamp does not match this signature."));
                    }
                }
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
            TimestampValid = timestampValid,
            TimestampTime = timestampTime,
            Cms = cmsBytes,
            Findings = findings,
        };
    }

    /// <summary>
    /// Later updates may add any new objects, but may redefine only the catalog (nothing changed but /AcroForm) and
    /// pages (nothing changed but /Annots, and every added annotation a signature widget). Anything else — new
    /// page content, a replaced page tree, other annotations — counts as a change after signing.
    /// </summary>
    private static bool LaterUpdatesOnlyAddSignatures(string text, int revisionEnd)
    {
        var later = text[revisionEnd..];
        foreach (Match obj in ObjectPattern().Matches(later))
        {
            var marker = $"{obj.Groups[1].Value} {obj.Groups[2].Value} obj";
            var earlier = FindDefinition(text, marker, revisionEnd);
            if (earlier is null)
            {
                continue; // a new object: harmless unless an existing object starts using it (checked below)
            }

            var now = ParseBody(later, obj.Index + obj.Length);
            var before = ParseBody(text, earlier.Value);
            if (now is null || before is null)
            {
                return false;
            }

            var type = Normalize(now.Get("Type"));
            if (type != Normalize(before.Get("Type")))
            {
                return false;
            }

            if (type == "/Catalog")
            {
                if (!SameExcept(before, now, "AcroForm"))
                {
                    return false;
                }
            }
            else if (type == "/Page")
            {
                if (!SameExcept(before, now, "Annots"))
                {
                    return false;
                }

                var old = before.Get("Annots") is { } oa && oa.StartsWith('[') ? PdfDict.ArrayItems(oa).ToHashSet() : [];
                var current = now.Get("Annots") is { } na ? (na.StartsWith('[') ? PdfDict.ArrayItems(na) : null) : [];
                if (current is null)
                {
                    return false;
                }

                foreach (var reference in current.Where(r => !old.Contains(r)))
                {
                    var parts = reference.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var at = parts.Length == 3 ? FindDefinition(text, $"{parts[0]} {parts[1]} obj", text.Length) : null;
                    var widget = at is null ? null : ParseBody(text, at.Value);
                    if (widget is null || Normalize(widget.Get("Subtype")) != "/Widget" || Normalize(widget.Get("FT")) != "/Sig")
                    {
                        return false;
                    }
                }
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Position just after the last "n g obj" that starts a line before <paramref name="before"/>.</summary>
    private static int? FindDefinition(string text, string marker, int before)
    {
        var at = before;
        while (true)
        {
            at = text.LastIndexOf(marker, Math.Max(0, at - 1), StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            if (at == 0 || text[at - 1] is '\n' or '\r')
            {
                return at + marker.Length;
            }
        }
    }

    private static PdfDict? ParseBody(string text, int position)
    {
        try
        {
            return PdfDict.Parse(text, ref position);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static bool SameExcept(PdfDict before, PdfDict now, string allowed)
    {
        var a = before.Entries.Where(e => e.Key != allowed).Select(e => (e.Key, Normalize(e.Value))).OrderBy(e => e.Key, StringComparer.Ordinal);
        var b = now.Entries.Where(e => e.Key != allowed).Select(e => (e.Key, Normalize(e.Value))).OrderBy(e => e.Key, StringComparer.Ordinal);
        return a.SequenceEqual(b);
    }

    private static string Normalize(string? value) => value is null ? "" : Regex.Replace(value, @"\s+", "");

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
