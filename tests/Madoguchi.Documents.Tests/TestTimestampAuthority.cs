using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Madoguchi.Documents.Signing;

namespace Madoguchi.Documents.Tests;

/// <summary>
/// Test double for an RFC 3161 timestamp authority (none is reachable offline): answers the request built by the
/// product's request code with a token signed by a throwaway TSA certificate, and checks it the same way.
/// </summary>
internal sealed class TestTimestampAuthority : ITimestampClient, IDisposable
{
    private readonly X509Certificate2 _tsa;

    public int Requests { get; private set; }

    public TestTimestampAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test TSA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], true));
        _tsa = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public Task<Rfc3161TimestampToken> TimestampAsync(byte[] signatureValue, CancellationToken cancellationToken)
    {
        Requests++;
        var request = Rfc3161TimestampRequest.CreateFromData(signatureValue, HashAlgorithmName.SHA256, requestSignerCertificates: true);
        // TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber, genTime, ... }
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            writer.WriteObjectIdentifier("1.2.3.4.1");
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("2.16.840.1.101.3.4.2.1");
                }

                writer.WriteOctetString(request.GetMessageHash().Span);
            }

            writer.WriteInteger(Requests);
            writer.WriteGeneralizedTime(DateTimeOffset.UtcNow, omitFractionalSeconds: true);
        }

        var content = new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), writer.Encode());
        var cms = new SignedCms(content);
        var signer = new CmsSigner(_tsa) { DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1") };
        var certHash = SHA256.HashData(_tsa.RawData);
        var essWriter = new AsnWriter(AsnEncodingRules.DER);
        using (essWriter.PushSequence())
        using (essWriter.PushSequence())
        using (essWriter.PushSequence())
        {
            essWriter.WriteOctetString(certHash);
        }

        signer.SignedAttributes.Add(new AsnEncodedData(new Oid("1.2.840.113549.1.9.16.2.47"), essWriter.Encode()));
        cms.ComputeSignature(signer);
        if (!Rfc3161TimestampToken.TryDecode(cms.Encode(), out var token, out _))
        {
            throw new CryptographicException("The test TSA made an unreadable token.");
        }

        return Task.FromResult(token!);
    }

    public void Dispose() => _tsa.Dispose();
}
