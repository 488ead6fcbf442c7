using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Madoguchi.Documents.Signing;

/// <summary>Gets an RFC 3161 timestamp token over a signature value.</summary>
public interface ITimestampClient
{
    Task<Rfc3161TimestampToken> TimestampAsync(byte[] signatureValue, CancellationToken cancellationToken);
}

/// <summary>Posts a TimeStampReq (SHA-256, with a nonce, asking for the TSA certificate) to a configured TSA URL.</summary>
public sealed class HttpTimestampClient(HttpClient http, Uri tsaUrl) : ITimestampClient
{
    public async Task<Rfc3161TimestampToken> TimestampAsync(byte[] signatureValue, CancellationToken cancellationToken)
    {
        var nonce = RandomNumberGenerator.GetBytes(8);
        nonce[0] &= 0x7F;
        var request = Rfc3161TimestampRequest.CreateFromData(signatureValue, HashAlgorithmName.SHA256, nonce: nonce, requestSignerCertificates: true);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await http.PostAsync(tsaUrl, content, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return request.ProcessResponse(body, out _);
    }
}
