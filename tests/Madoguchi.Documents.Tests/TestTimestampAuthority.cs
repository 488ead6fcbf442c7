using System.Formats.Asn1;
using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Madoguchi.Documents.Tests;

/// <summary>
/// Test double for an RFC 3161 timestamp authority behind HTTP (none is reachable offline): an HttpMessageHandler
/// that reads the product's TimeStampReq, answers with a TimeStampResp carrying a token signed by a throwaway
/// TSA certificate, echoing the nonce. The product's HttpTimestampClient talks to it through a real HttpClient.
/// </summary>
internal sealed class TestTimestampAuthority : HttpMessageHandler
{
    private readonly X509Certificate2 _tsa;

    public int Requests { get; private set; }
    public string? LastContentType { get; private set; }

    public TestTimestampAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test TSA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _tsa = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, ""), "");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        LastContentType = request.Content?.Headers.ContentType?.MediaType;
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        if (!Rfc3161TimestampRequest.TryDecode(body, out var tsq, out _) || tsq is null)
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest);
        }

        // TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber, genTime, nonce }
        var info = new AsnWriter(AsnEncodingRules.DER);
        using (info.PushSequence())
        {
            info.WriteInteger(1);
            info.WriteObjectIdentifier("1.2.3.4.1");
            using (info.PushSequence())
            {
                using (info.PushSequence())
                {
                    info.WriteObjectIdentifier(tsq.HashAlgorithmId.Value!);
                }

                info.WriteOctetString(tsq.GetMessageHash().Span);
            }

            info.WriteInteger(Requests);
            info.WriteGeneralizedTime(DateTimeOffset.UtcNow, omitFractionalSeconds: true);
            if (tsq.GetNonce() is { } nonce)
            {
                info.WriteInteger(new BigInteger(nonce.Span, isUnsigned: false, isBigEndian: true));
            }
        }

        var cms = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), info.Encode()));
        var signer = new CmsSigner(_tsa) { DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), IncludeOption = X509IncludeOption.EndCertOnly };
        var ess = new AsnWriter(AsnEncodingRules.DER);
        using (ess.PushSequence())
        using (ess.PushSequence())
        using (ess.PushSequence())
        {
            ess.WriteOctetString(SHA256.HashData(_tsa.RawData));
        }

        signer.SignedAttributes.Add(new AsnEncodedData(new Oid("1.2.840.113549.1.9.16.2.47"), ess.Encode()));
        cms.ComputeSignature(signer);

        // TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo }
        var response = new AsnWriter(AsnEncodingRules.DER);
        using (response.PushSequence())
        {
            using (response.PushSequence())
            {
                response.WriteInteger(0);
            }

            response.WriteEncodedValue(cms.Encode());
        }

        var content = new ByteArrayContent(response.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-reply");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tsa.Dispose();
        }

        base.Dispose(disposing);
    }
}
