using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text.RegularExpressions;
using Madoguchi.Documents.Seals;
using Madoguchi.Documents.Signing;

namespace Madoguchi.Documents.Tests;

public sealed class SigningTests : IDisposable
{
    private readonly SigningIdentity _identity = SigningIdentity.CreateDevelopment("金沢市");

    public void Dispose() => _identity.Dispose();

    internal static async Task<byte[]> SignedNotice(SigningIdentity identity)
    {
        var notice = Samples.Notice();
        return await new PadesSigner().SignAsync(notice.Pdf, identity, SignatureAppearance.OverPrintedSeal(notice.OfficialSealSlot!),
            new SignatureDetails { SignerName = "金沢市長", Reason = "交付決定通知" });
    }

    internal static async Task<byte[]> DecisionWithThreeApprovals(SigningIdentity identity)
    {
        var decision = Samples.Decision();
        var pdf = decision.Pdf;
        var route = Samples.Data().Route;
        for (var i = 0; i < 3; i++)
        {
            pdf = await new PadesSigner().SignAsync(pdf, identity,
                SignatureAppearance.WithSeal(decision.ApproverSlots[i], SealLayout.Personal(route[i].FamilyName, decision.ApproverSlots[i].Size),
                    Core.Japanese.Wareki.Format(new DateOnly(2026, 4, 2 + i))),
                new SignatureDetails { SignerName = route[i].Name, Reason = "決裁" });
        }

        return pdf;
    }

    internal static List<string> PdfsigStatuses(byte[] pdf)
    {
        var (_, output) = Poppler.Run("pdfsig", pdf, "{pdf}");
        return Regex.Matches(output, "Signature Validation: (.*)").Select(m => m.Groups[1].Value.Trim()).ToList();
    }

    [Fact]
    public async Task Pdfsig_reports_the_notice_signature_valid()
    {
        var pdf = await SignedNotice(_identity);
        var (_, output) = Poppler.Run("pdfsig", pdf, "{pdf}");
        Assert.Equal(["Signature is Valid."], PdfsigStatuses(pdf));
        Assert.Contains("ETSI.CAdES.detached", output, StringComparison.Ordinal);
        Assert.Contains("Signed Ranges", output, StringComparison.Ordinal);
        Assert.Contains("Total document signed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_successive_approvals_keep_every_signature_valid()
    {
        var pdf = await DecisionWithThreeApprovals(_identity);
        Assert.Equal(["Signature is Valid.", "Signature is Valid.", "Signature is Valid."], PdfsigStatuses(pdf));
        // Each approval appended to the previous bytes: the original decision document is a prefix.
        var original = Samples.Decision().Pdf;
        Assert.True(pdf.Length > original.Length);
    }

    [Fact]
    public async Task Cms_has_signing_certificate_v2_and_no_signing_time()
    {
        var pdf = await SignedNotice(_identity);
        var result = Verification.PdfSignatureVerifier.Verify(pdf);
        var cms = new SignedCms();
        cms.Decode(result.Signatures[0].Cms);
        var oids = cms.SignerInfos[0].SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value).ToList();
        Assert.Contains("1.2.840.113549.1.9.16.2.47", oids);
        Assert.DoesNotContain("1.2.840.113549.1.9.5", oids);
        Assert.Equal("2.16.840.1.101.3.4.2.1", cms.SignerInfos[0].DigestAlgorithm.Value);
    }

    [Theory]
    [InlineData(0.30)]
    [InlineData(0.55)]
    [InlineData(0.999)]
    public async Task Flipping_one_signed_byte_makes_pdfsig_and_our_verifier_say_invalid(double where)
    {
        var pdf = await SignedNotice(_identity);
        var result = Verification.PdfSignatureVerifier.Verify(pdf);
        Assert.True(result.AllValid);
        var signature = result.Signatures[0];
        var contentsStart = Array.IndexOf(pdf, (byte)'<', System.Text.Encoding.Latin1.GetString(pdf).LastIndexOf("/Contents<", StringComparison.Ordinal));
        var position = (int)(pdf.Length * where);
        if (position >= contentsStart && position < pdf.Length - 200)
        {
            position = contentsStart - 40; // inside the signature dictionary, before /Contents
        }

        if (position >= pdf.Length - 200)
        {
            position = pdf.Length - 30; // the trailer of the last update
        }

        var tampered = (byte[])pdf.Clone();
        tampered[position] ^= 0x01;
        var statuses = PdfsigStatuses(tampered);
        Assert.NotEmpty(statuses);
        Assert.DoesNotContain("Signature is Valid.", statuses);
        Assert.False(Verification.PdfSignatureVerifier.Verify(tampered).AllValid);
    }

    [Fact]
    public async Task Verifier_reports_three_valid_approvals_and_which_cover_the_whole_file()
    {
        var pdf = await DecisionWithThreeApprovals(_identity);
        var result = Verification.PdfSignatureVerifier.Verify(pdf);
        Assert.True(result.AllValid);
        Assert.Equal(3, result.Signatures.Count);
        Assert.Equal([false, false, true], result.Signatures.Select(s => s.CoversWholeFile));
        Assert.All(result.Signatures, s => Assert.True(s.LaterUpdatesOnlyAddSignatures));
        Assert.Equal(["佐藤 花子", "鈴木 次郎", "髙橋 三郎"], result.Signatures.Select(s => s.SignerName));
        Assert.All(result.Signatures, s => Assert.Equal(_identity.SerialNumber, s.CertificateSerialNumber));
        Assert.All(result.Signatures, s => Assert.NotNull(s.SigningTime));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), result.Sha256);
    }

    [Fact]
    public async Task An_update_that_changes_page_content_after_signing_is_reported()
    {
        var pdf = await SignedNotice(_identity);
        // Append an incremental update that replaces page 1 with different /Contents.
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        var pageAt = text.IndexOf("/Type/Page/", StringComparison.Ordinal);
        var objStart = text.LastIndexOf(" 0 obj", pageAt, StringComparison.Ordinal);
        var numberStart = text.LastIndexOf('\n', objStart) + 1;
        var number = text[numberStart..objStart];
        var update = $"\n{number} 0 obj\n<</Type/Page/MediaBox[0 0 595.276 841.89]/Contents 5 0 R>>\nendobj\n";
        var changed = pdf.Concat(System.Text.Encoding.Latin1.GetBytes(update)).ToArray();
        var result = Verification.PdfSignatureVerifier.Verify(changed);
        Assert.True(result.Signatures[0].SignatureValid);
        Assert.False(result.Signatures[0].LaterUpdatesOnlyAddSignatures);
        Assert.False(result.AllValid);
        Assert.Contains(result.Signatures[0].Findings, f => f.En!.Contains("more than further signatures", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_that_adds_a_non_signature_annotation_is_reported()
    {
        var pdf = await SignedNotice(_identity);
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        // The page as the signer left it, with one more annotation: a text box over the content.
        var pageAt = text.LastIndexOf("/Type /Page ", StringComparison.Ordinal);
        var lineStart = text.LastIndexOf("obj\n", pageAt, StringComparison.Ordinal);
        var header = text[(text.LastIndexOf('\n', lineStart) + 1)..lineStart];
        var body = text[(lineStart + 4)..text.IndexOf("\nendobj", pageAt, StringComparison.Ordinal)];
        var changedBody = body.Replace("/Annots [", "/Annots [999 0 R ", StringComparison.Ordinal);
        Assert.NotEqual(body, changedBody);
        var update = $"999 0 obj\n<</Type/Annot/Subtype/FreeText/Rect[100 100 300 200]/Contents(changed)>>\nendobj\n{header}obj\n{changedBody}\nendobj\n";
        var changed = pdf.Concat(System.Text.Encoding.Latin1.GetBytes(update)).ToArray();
        var result = Verification.PdfSignatureVerifier.Verify(changed);
        Assert.True(result.Signatures[0].SignatureValid);
        Assert.False(result.Signatures[0].LaterUpdatesOnlyAddSignatures);
    }

    [Fact]
    public async Task Timestamp_token_is_embedded_as_an_unsigned_attribute()
    {
        using var tsa = new TestTimestampAuthority();
        using var http = new HttpClient(tsa);
        var client = new HttpTimestampClient(http, new Uri("http://tsa.test/"));
        var notice = Samples.Notice();
        var pdf = await new PadesSigner(client).SignAsync(notice.Pdf, _identity, SignatureAppearance.Invisible);
        var result = Verification.PdfSignatureVerifier.Verify(pdf);
        Assert.True(result.AllValid);
        Assert.True(result.Signatures[0].HasTimestamp);
        Assert.True(result.Signatures[0].TimestampValid);
        Assert.NotNull(result.Signatures[0].TimestampTime);
        Assert.Equal(["Signature is Valid."], PdfsigStatuses(pdf));
        Assert.Equal(1, tsa.Requests);
        Assert.Equal("application/timestamp-query", tsa.LastContentType);
    }

    [Fact]
    public void Development_certificate_has_a_private_key_that_is_not_exposed()
    {
        Assert.True(_identity.IsDevelopmentCertificate);
        Assert.Contains("DEVELOPMENT ONLY", _identity.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", _identity.ToString(), StringComparison.OrdinalIgnoreCase);
        using var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(_identity.PublicCertificate);
        Assert.False(cert.HasPrivateKey);
    }
}
