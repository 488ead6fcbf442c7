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
                SignatureAppearance.WithSeal(decision.ApproverSlots[i], SealLayout.Personal(route[i].FamilyName, decision.ApproverSlots[i].Size)),
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
}
