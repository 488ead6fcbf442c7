using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Madoguchi.Documents.Signing;
using Madoguchi.Documents.Verification;

namespace Madoguchi.Documents.Tests;

public class IdentityAndInputTests
{
    private static byte[] EcdsaPkcs12(string password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=金沢市 公印, O=Kanazawa City", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.Export(X509ContentType.Pkcs12, password);
    }

    [Fact]
    public async Task An_ecdsa_key_from_pkcs12_signs_a_notice_that_pdfsig_accepts()
    {
        using var identity = SigningIdentity.FromPkcs12(EcdsaPkcs12("secret"), "secret");
        Assert.False(identity.IsDevelopmentCertificate);
        var pdf = await SigningTests.SignedNotice(identity);
        Assert.Equal(["Signature is Valid."], SigningTests.PdfsigStatuses(pdf));
        var report = PdfSignatureVerifier.Verify(pdf).Signatures.Single();
        Assert.True(report.IsValid);
        Assert.Equal(identity.SerialNumber, report.CertificateSerialNumber);
        Assert.Contains("Kanazawa City", report.CertificateSubject, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_pkcs12_password_is_refused()
    {
        Assert.ThrowsAny<CryptographicException>(() => SigningIdentity.FromPkcs12(EcdsaPkcs12("secret"), "wrong"));
    }

    [Fact]
    public void An_unsigned_pdf_and_a_non_pdf_are_reported_not_valid()
    {
        var unsigned = PdfSignatureVerifier.Verify(Samples.Notice().Pdf);
        Assert.False(unsigned.AllValid);
        Assert.Empty(unsigned.Signatures);
        Assert.Equal("The document has no digital signature.", unsigned.Findings.Single().En);

        var notPdf = PdfSignatureVerifier.Verify("hello /ByteRange [0 1 2 3]"u8.ToArray());
        Assert.False(notPdf.AllValid);
        Assert.Equal("This is not a PDF file.", notPdf.Findings.Single().En);
    }

    [Fact]
    public async Task A_truncated_signed_pdf_is_invalid_without_throwing()
    {
        using var identity = SigningIdentity.CreateDevelopment("金沢市");
        var pdf = await SigningTests.SignedNotice(identity);
        var truncated = pdf[..(pdf.Length - 100)];
        var result = PdfSignatureVerifier.Verify(truncated);
        Assert.False(result.AllValid);
        Assert.False(result.Signatures.Single().ByteRangeValid);
    }

    [Fact]
    public async Task Signing_a_non_pdf_is_refused()
    {
        using var identity = SigningIdentity.CreateDevelopment("金沢市");
        await Assert.ThrowsAsync<FormatException>(() => new PadesSigner().SignAsync("not a pdf"u8.ToArray(), identity, SignatureAppearance.Invisible));
    }
}

public class ChainTests
{
    [Fact]
    public async Task Intermediate_certificates_from_the_pkcs12_travel_with_the_signature()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Test Organisation CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=金沢市長, O=Kanazawa City", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(key);
        var pfx = new X509Certificate2Collection { withKey, X509CertificateLoader.LoadCertificate(ca.RawData) }.Export(X509ContentType.Pkcs12, "pw")!;

        using var identity = SigningIdentity.FromPkcs12(pfx, "pw");
        Assert.Equal("CN=金沢市長, O=Kanazawa City", identity.Subject);
        var pdf = await SigningTests.SignedNotice(identity);
        Assert.Equal(["Signature is Valid."], SigningTests.PdfsigStatuses(pdf));
        var report = PdfSignatureVerifier.Verify(pdf).Signatures.Single();
        Assert.True(report.IsValid);
        var cms = new System.Security.Cryptography.Pkcs.SignedCms();
        cms.Decode(report.Cms);
        Assert.Contains(cms.Certificates.Cast<X509Certificate2>(), c => c.Subject == "CN=Test Organisation CA");
        Assert.Equal("CN=Test Organisation CA", cms.SignerInfos[0].Certificate!.Issuer);
    }
}
